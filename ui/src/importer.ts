// The settings window's "Import" page: an import from an AWS config file, pasted AWS Extend
// Switch Roles text, or switch-role links (a wiki page or bookmarks). The preview is the core's
// plan; each new row has a checkbox (all ticked), and only ticked rows are imported.
import { commands, type FoundImportView, type ImportInput, type ImportPreview, type ImportRowView } from "./bindings";
import { h, render } from "./lib/dom";
import { fieldsOf, forWindow, messageOf } from "./lib/errors";
import { field, showProblems } from "./lib/forms";

const STATUS_LABEL: Record<string, string> = {
  new: "new",
  unchanged: "already there",
  differs: "differs",
  duplicate: "duplicate",
  blocked: "blocked",
};

/** An identity as the import page offers it for links (whose keys assume their roles). */
export interface ImportIdentity {
  id: string;
  account: string;
}

/** How the page sits in its window: Settings' Import page, or a step of the setup wizard. */
export interface ImporterOptions {
  /** The page's heading and its words on team sources (Settings only). */
  heading: boolean;
  /** Called with the ids added, after an import wrote something. */
  imported?: (added: string[]) => void;
}

export class Importer {
  preview: ImportPreview | null = null;
  input: ImportInput | null = null;
  /** Files on this machine with accounts to import (read once per window). */
  found: FoundImportView[] | null = null;

  constructor(
    private readonly body: HTMLElement,
    private readonly say: (text: string, error?: boolean) => void,
    private readonly reload: () => Promise<void>,
    private readonly options: ImporterOptions = { heading: true },
  ) {}

  /** Starts on `format` (and a found file's `path`), previewing it at once when a file is named. */
  preset(format: ImportInput["format"], path: string | null = null): void {
    this.preview = null;
    this.input = { format, path, text: null, clientPattern: null, moveKeys: false, identity: null };
  }

  /** The found files, as buttons that preview one: the first thing on the page. */
  private foundOffers(identities: ImportIdentity[]): HTMLElement {
    const box = h("section", { class: "found", id: "import-found", "aria-label": "Found on this computer" });
    const draw = (found: FoundImportView[]) => {
      if (found.length === 0) {
        render(box);
        return;
      }
      render(box,
        h("h2", {}, "Found on this computer"),
        h("ul", { class: "found-list" }, ...found.map((f) =>
          h("li", {},
            h("span", {}, h("strong", {}, f.name), " ", h("span", { class: "mono small" }, f.path),
              h("div", { class: f.problem ? "error small" : "hint" }, f.problem ?? `${f.shortcuts} shortcut${f.shortcuts === 1 ? "" : "s"} to preview`)),
            f.problem ? null : h("button", {
              type: "button",
              "data-found": f.path,
              onclick: () => {
                this.preset(f.format, f.path);
                this.show(identities);
                const form = document.getElementById("import-form");
                if (form) void this.runPreview(form);
              },
            }, "Preview")))),
      );
    };
    if (this.found) draw(this.found);
    else {
      void commands.importFound().then((found) => {
        this.found = found;
        draw(found);
      }).catch(() => {
        // Nothing found is no problem: the form below reads any file or paste.
        this.found = [];
      });
    }
    return box;
  }

  show(identities: ImportIdentity[]): void {
    const format = field({
      name: "format",
      label: "Import from",
      type: "select",
      options: [
        { value: "aws-config", label: "AWS config file (~/.aws/config)" },
        { value: "switch-roles", label: "AWS Extend Switch Roles (paste its configuration)" },
        { value: "links", label: "Switch-role links (a wiki page or bookmarks: a file, or paste)" },
      ],
    }, this.input?.format ?? "aws-config");
    const path = field({ name: "path", label: "File", placeholder: "~/.aws/config (the AWS CLI's default)", hint: "AWS config: leave empty for the file the AWS CLI uses. Links: a saved wiki page (HTML, Markdown) or a bookmarks file, or paste below." }, this.input?.path ?? "");
    const moveKeys = field({ name: "moveKeys", label: "Move the static keys of new identities into the keychain (checked with AWS first; otherwise keys are never copied)", type: "checkbox" }, this.input?.moveKeys ?? false);
    const text = h("div", { class: "field", "data-field": "text" },
      h("label", { for: "f-text" }, "Configuration"),
      h("textarea", { id: "f-text", name: "text", rows: "8", spellcheck: "false", placeholder: "[profile acme-prod]\nrole_arn = arn:aws:iam::222222222222:role/Admin\ncolor = d13212" }, this.input?.text ?? ""),
      h("div", { class: "problem", id: "f-text-problem" }),
    );
    // A link cannot say whose keys assume its role: with several identities, the person says.
    const identity = field({
      name: "identity",
      label: "Identity (whose keys assume the links' roles)",
      type: "select",
      options: [{ value: "", label: "Choose one…" }, ...identities.map((i) => ({ value: i.id, label: i.account ? `${i.id} (${i.account})` : i.id }))],
    }, this.input?.identity ?? "");
    const pattern = field({ name: "clientPattern", label: "Client from the name", placeholder: "the first word: acme-prod → acme", hint: "Or a regular expression whose group named client picks the client, like ^(?P<client>.+)-[^-]+$." }, this.input?.clientPattern ?? "");
    const form = h("form", { class: "entry", id: "import-form" },
      format, path, moveKeys, text, identity, pattern,
      h("div", { class: "form-problem", role: "alert" }),
      h("div", { class: "buttons" }, h("button", { type: "submit", class: "primary", id: "import-preview" }, "Preview")),
    );
    const sync = () => {
      const chosen = form.querySelector<HTMLSelectElement>('[name="format"]')!.value;
      const isConfig = chosen === "aws-config";
      path.hidden = !(isConfig || chosen === "links");
      moveKeys.hidden = !isConfig;
      identity.hidden = !(chosen === "links" && identities.length > 1);
      text.hidden = isConfig;
      const area = form.querySelector<HTMLTextAreaElement>('[name="text"]')!;
      const file = form.querySelector<HTMLInputElement>('[name="path"]')!;
      file.placeholder = chosen === "links"
        ? "a saved wiki page or bookmarks file (or paste below)"
        : "~/.aws/config (the AWS CLI's default)";
      text.querySelector("label")!.textContent = chosen === "links" ? "Page or links" : "Configuration";
      area.placeholder = chosen === "links"
        ? "## Acme Corp\nhttps://signin.aws.amazon.com/switchrole?roleName=Admin&account=222222222222&displayName=Acme%20Prod"
        : "[profile acme-prod]\nrole_arn = arn:aws:iam::222222222222:role/Admin\ncolor = d13212";
    };
    form.querySelector('[name="format"]')!.addEventListener("change", sync);
    sync();
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.runPreview(form);
    });
    render(this.body,
      this.options.heading ? h("h1", {}, "Import") : null,
      this.options.heading ? h("p", { class: "hint" }, "Copies entries into your own catalog, after a preview. Catalogs your team keeps up to date are better added under Team sources.") : null,
      this.foundOffers(identities),
      form,
      h("div", { id: "import-result" }),
    );
    if (this.preview) this.renderPreview();
  }

  readInput(form: HTMLElement): ImportInput {
    const value = (name: string) => form.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(`[name="${name}"]`)!.value;
    const chosen = value("format");
    const format: ImportInput["format"] = chosen === "switch-roles" || chosen === "links" ? chosen : "aws-config";
    return {
      format,
      path: format !== "switch-roles" ? value("path").trim() || null : null,
      text: format !== "aws-config" ? value("text") : null,
      clientPattern: value("clientPattern").trim() || null,
      moveKeys: format === "aws-config" && form.querySelector<HTMLInputElement>('[name="moveKeys"]')!.checked,
      identity: format === "links" ? value("identity") || null : null,
    };
  }

  async runPreview(form: HTMLElement): Promise<void> {
    const input = this.readInput(form);
    try {
      this.preview = await commands.importPreview(input);
      this.input = input;
      showProblems(form, []);
      this.renderPreview();
    } catch (e) {
      const fields = fieldsOf(e);
      showProblems(form, fields, fields.length ? undefined : messageOf(e));
      this.preview = null;
      render(document.getElementById("import-result")!);
    }
  }

  private renderPreview(): void {
    const p = this.preview!;
    const target = document.getElementById("import-result")!;
    const writable = p.rows.filter((r) => r.writable);
    const apply = h("button", { class: "primary", id: "import-apply", disabled: writable.length === 0, onclick: () => void this.apply() },
      writable.length ? `Import selected` : "Nothing new to import");
    render(target,
      h("p", { class: "hint", id: "import-summary" }, importSummary(p.source, p.rows, p.skipped.length)),
      h("table", { class: "list", id: "import-rows" },
        h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", {}, "Entry"), h("th", {}, "What"), h("th", {}, "From"), h("th", {}, "Status"))),
        h("tbody", {}, ...p.rows.map((r) => row(r))),
      ),
      p.skipped.length
        ? h("details", { id: "import-skipped", open: true },
            h("summary", {}, `Not imported (${p.skipped.length})`),
            h("ul", {}, ...p.skipped.map((s) => h("li", {}, h("span", { class: "mono" }, `${s.profile}:${s.line}`), " ", forWindow(s.reason)))),
          )
        : null,
      h("div", { class: "buttons" }, apply),
    );
    // The preview is what the person reads next: its first line at the top of the view.
    document.getElementById("import-summary")?.scrollIntoView?.({ block: "start" });
  }

  async apply(): Promise<void> {
    if (!this.input) return;
    const accept = [...document.querySelectorAll<HTMLInputElement>("#import-rows input.accept:checked")].map((b) => b.value);
    // A tag the import proposed (prod, for a name that says production) and the person unticked.
    const declined = [...document.querySelectorAll<HTMLInputElement>("#import-rows input.proposed-tag:not(:checked)")]
      .map((b) => ({ shortcut: b.dataset.shortcut ?? "", tag: b.value }));
    try {
      const done = await commands.importApply(this.input, accept, declined);
      this.say(done.added.length ? `Imported ${done.added.length} entr${done.added.length === 1 ? "y" : "ies"}; the tray menu has them.` : "Nothing was imported.");
      this.preview = null;
      await this.reload();
      if (done.added.length) this.options.imported?.(done.added);
    } catch (e) {
      this.say(messageOf(e), true);
    }
  }
}

/** "n thing(s)" in words that match the sections below. */
function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The preview's first line, in the words of what follows it: the rows of the table (those to
 * import, and those that are there already or need a decision) and the "Not imported" list.
 */
export function importSummary(source: string, rows: ImportRowView[], skipped: number): string {
  const toImport = rows.filter((r) => r.writable).length;
  const there = rows.filter((r) => !r.writable && (r.status === "unchanged" || r.status === "duplicate")).length;
  const held = rows.length - toImport - there;
  const parts = [`${count(toImport, "entry", "entries")} to import`];
  if (there) parts.push(`${count(there, "already in the catalog", "already in the catalog")}`);
  if (held) parts.push(`${count(held, "kept as it is (see its status)", "kept as they are (see their status)")}`);
  if (skipped) parts.push(`${skipped} not imported (listed below)`);
  return `From ${source}: ${parts.join(", ")}.`;
}

/** Whether note `n` is the one that says why tag `tag` is proposed (the checkbox says it instead). */
function isTagNote(n: string, tags: string[]): boolean {
  return tags.some((t) => n.startsWith(`tagged ${t} `));
}

/**
 * A tag the import proposes on its own, as a ticked box the person can untick: the tag is then
 * left out (only for rows that would be written; others say it as a note).
 */
function proposedTag(r: ImportRowView, tag: string): HTMLElement {
  const why = r.notes.find((n) => n.startsWith(`tagged ${tag} `));
  const box = h("input", { type: "checkbox", class: "proposed-tag", value: tag, checked: true, "data-shortcut": r.id });
  return h("label", { class: "proposed" }, box, " ",
    tag === "prod" ? "Production: tag prod, console framed in red" : `Tag ${tag}`,
    why ? h("span", { class: "hint" }, ` (${why.replace(/^tagged \S+ \(([^)]*)\).*$/, "$1")})`) : null);
}

function row(r: ImportRowView): HTMLElement {
  const box = r.writable
    ? h("input", { type: "checkbox", class: "accept", value: r.key, checked: true, "aria-label": `Import ${r.kind} ${r.id}` })
    : null;
  const tags = r.writable ? r.proposedTags : [];
  return h("tr", { "data-key": r.key, class: `status-${r.status}` },
    h("td", {}, box),
    h("td", {}, h("strong", {}, r.id), h("div", { class: "hint" }, r.kind)),
    h("td", {}, r.summary,
      ...tags.map((t) => proposedTag(r, t)),
      ...r.notes.filter((n) => !isTagNote(n, tags)).map((n) => h("div", { class: "hint" }, forWindow(n)))),
    h("td", { class: "mono small" }, r.from ?? ""),
    h("td", {}, STATUS_LABEL[r.status] ?? r.status, r.detail ? h("div", { class: r.status === "blocked" ? "error small" : "hint" }, forWindow(r.detail)) : null),
  );
}
