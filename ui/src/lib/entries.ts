// The client and shortcut forms, shared by the setup wizard and settings. Checked as the
// person types (by the shell, with the catalog's own validator) and saved through the core's
// catalog store, which keeps the file's comments and order.
import { commands, type BrowserKind, type BrowserView, type ClientForm, type FieldProblem, type SessionMode, type ShortcutForm } from "../bindings";
import { h } from "./dom";
import { fieldsOf, messageOf } from "./errors";
import { checked, debounce, field, showProblems, text } from "./forms";

/** Browser kinds as people call them: every kind core knows (`BrowserKind`, generated from
 * the Rust enum), so a new kind fails to compile here until it has a name. */
const BROWSER_NAMES: Record<BrowserKind, string> = {
  chromium: "Chromium",
  chrome: "Google Chrome",
  brave: "Brave",
  edge: "Microsoft Edge",
  vivaldi: "Vivaldi",
  firefox: "Firefox",
  "firefox-container": "Firefox (a container per shortcut)",
  builtin: "Built-in window",
  custom: "Custom command",
  default: "System default browser (not isolated)",
};

export function browserName(kind: BrowserKind): string {
  return BROWSER_NAMES[kind] ?? kind;
}

/** Whether a form's value is a browser kind (a `<select>` gives text). */
export function isBrowserKind(value: string): value is BrowserKind {
  return Object.prototype.hasOwnProperty.call(BROWSER_NAMES, value);
}

/** A form's browser choice: a kind, or none (the blank option). */
export function browserChoice(form: HTMLElement, name = "browser"): BrowserKind | null {
  const value = text(form, name);
  return value !== null && isBrowserKind(value) ? value : null;
}

const SESSION_MODES: readonly SessionMode[] = ["daily", "long"];

/** A form's session choice: daily, long, or none (the identity's choice). */
function sessionChoice(form: HTMLElement): SessionMode | null {
  const value = text(form, "session");
  return SESSION_MODES.find((m) => m === value) ?? null;
}

export function browserOptions(browsers: BrowserView[], blank: string): { value: string; label: string }[] {
  return [{ value: "", label: blank }, ...browsers.map((b) => ({ value: b.kind, label: browserName(b.kind) }))];
}

/** A name as an id: lowercase letters and digits, anything else one `-`. */
export function slugOf(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64)
    .replace(/-+$/, "");
}

/** Fills `id` from `from` as the person types, until they edit the id themselves. */
function deriveId(form: HTMLElement, from: () => string): void {
  const id = form.querySelector<HTMLInputElement>('[name="id"]');
  if (!id || id.value) return;
  let own = false;
  id.addEventListener("input", () => { own = id.value !== ""; });
  form.addEventListener("input", (e) => {
    if (own || e.target === id) return;
    id.value = slugOf(from());
    id.dispatchEvent(new Event("change"));
  });
}

/** The palette's colours by name (the shell takes the names too: core `colors::NAMES`). */
const SWATCHES: [string, string][] = [
  ["red", "#d13212"], ["blue", "#1d6fd6"], ["green", "#2e8540"], ["purple", "#8e44ad"],
  ["orange", "#e67e22"], ["teal", "#0f8b8d"], ["magenta", "#c2185b"], ["brown", "#6d4c41"],
  ["yellow", "#f1c40f"], ["lime", "#7cb342"], ["navy", "#1a237e"], ["pink", "#f06292"],
];

/** The colour field: typed (`#d13212` or a name such as `red`) or picked from swatches. */
function colorField(value: string | null): HTMLElement {
  const row = field({ name: "color", label: "Colour", placeholder: "#d13212 or red", hint: "Frames and titles this client's console windows, and marks it in the tray and switcher: pick one, or type #rrggbb or a name." }, value);
  const input = row.querySelector<HTMLInputElement>("input")!;
  const swatches = h("div", { class: "swatches", role: "group", "aria-label": "Colours" },
    ...SWATCHES.map(([name, hex]) => {
      const b = h("button", {
        type: "button",
        class: "swatch",
        title: name,
        "aria-label": name,
        onclick: () => {
          input.value = hex;
          input.dispatchEvent(new Event("input", { bubbles: true }));
          input.dispatchEvent(new Event("change", { bubbles: true }));
        },
      });
      // Set through CSSOM: the CSP allows no inline style attributes.
      b.style.background = hex;
      return b;
    }),
  );
  input.after(swatches);
  return row;
}

export function clientForm(client: ClientForm | null, browsers: BrowserView[]): HTMLFormElement {
  const form = h(
    "form",
    { class: "entry", id: "client-form", novalidate: true },
    // The name first: the id is made from it as it is typed.
    field({ name: "name", label: "Name", required: true, placeholder: "Acme Corp" }, client?.name),
    field({ name: "id", label: "Id", required: true, placeholder: "acme", hint: "Made from the name; short: lowercase letters, digits, - _ ." }, client?.id),
    colorField(client?.color ?? null),
    field({ name: "notes", label: "Notes", placeholder: "Who to call, contract end…" }, client?.notes),
    field({ name: "link", label: "Link", placeholder: "https://wiki.example.com/acme" }, client?.link),
    field({ name: "browser", label: "Browser", type: "select", options: browserOptions(browsers, "The default browser") }, client?.browser ?? ""),
    h("div", { class: "form-problem", role: "alert" }),
  );
  // A new client's id follows its name (still editable).
  if (!client) deriveId(form, () => form.querySelector<HTMLInputElement>('[name="name"]')!.value);
  return form;
}

export function readClient(form: HTMLElement): ClientForm {
  return {
    id: text(form, "id") ?? "",
    name: text(form, "name") ?? "",
    color: text(form, "color"),
    notes: text(form, "notes"),
    link: text(form, "link"),
    browser: browserChoice(form),
  };
}

export interface ShortcutChoices {
  clients: ClientForm[];
  identities: string[];
  browsers: BrowserView[];
}

export function shortcutForm(s: ShortcutForm | null, choices: ShortcutChoices): HTMLFormElement {
  const clientOptions = choices.clients.map((c) => ({ value: c.id, label: `${c.name} (${c.id})` }));
  const form = h(
    "form",
    { class: "entry", id: "shortcut-form", novalidate: true },
    field({ name: "id", label: "Id", required: true, placeholder: "acme-prod", hint: "What you type: rolehop open acme-prod" }, s?.id),
    field({ name: "client", label: "Client", type: "select", options: clientOptions, required: true }, s?.client ?? clientOptions[0]?.value),
    field({ name: "account", label: "Account id", required: true, placeholder: "222222222222", inputmode: "numeric" }, s?.account),
    field({ name: "role", label: "Role", required: true, placeholder: "OrganizationAccountAccessRole", hint: "A role name, or its full ARN." }, s?.role),
    field({ name: "label", label: "Label", placeholder: "Admin", hint: "Shown in menus; default: the role name." }, s?.label),
    field(
      {
        name: "identity",
        label: "Identity",
        type: "select",
        options: [
          {
            value: "",
            label: choices.identities.length === 1 ? `Your identity (${choices.identities[0]})` : choices.identities.length ? "Choose one…" : "Your identity",
          },
          ...(choices.identities.length > 1 ? choices.identities.map((i) => ({ value: i, label: i })) : []),
        ],
        hint: "Whose access key assumes the role.",
      },
      s?.identity ?? "",
    ),
    field({ name: "tags", label: "Tags", placeholder: "prod billing", hint: "Space-separated; the switcher searches them." }, s?.tags.join(" ")),
    h(
      "details",
      { class: "more", open: !!(s && (s.region || s.destination || s.session || s.duration || s.externalId || s.via || s.browser)) },
      h("summary", {}, "More: region, landing page, session, role chaining, browser"),
      field({ name: "region", label: "Region", placeholder: "eu-west-1" }, s?.region),
      field({ name: "destination", label: "Opens at", placeholder: "ec2, s3, or a console path" }, s?.destination),
      field(
        {
          name: "session",
          label: "Session",
          type: "select",
          options: [
            { value: "", label: "The identity's choice (daily unless it says long)" },
            { value: "daily", label: "Daily: one MFA code a day, consoles of 1 h" },
            { value: "long", label: "Long: an MFA code per shortcut, consoles up to 12 h" },
          ],
        },
        s?.session ?? "",
      ),
      field({ name: "duration", label: "Console duration (long sessions)", placeholder: "12h", hint: "How long a long session's console stays signed in (AWS allows up to the role's maximum). Daily sessions' consoles last 1 h: AWS's limit for role chaining." }, s?.duration),
      field({ name: "externalId", label: "External id" }, s?.externalId),
      field({ name: "via", label: "Via shortcut", placeholder: "another shortcut id (role chaining)" }, s?.via),
      field({ name: "browser", label: "Browser", type: "select", options: browserOptions(choices.browsers, "Client's or default") }, s?.browser ?? ""),
    ),
    field({ name: "pinned", label: "Pinned at the top of the menu", type: "checkbox" }, s?.pinned ?? false),
    h("div", { class: "form-problem", role: "alert" }),
  );
  // The hint says what to type for the id being typed.
  const id = form.querySelector<HTMLInputElement>('[name="id"]')!;
  const hint = form.querySelector<HTMLElement>('.field[data-field="id"] .hint');
  const follow = () => { if (hint) hint.textContent = `What you type: rolehop open ${id.value.trim() || "acme-prod"}`; };
  id.addEventListener("input", follow);
  id.addEventListener("change", follow);
  follow();
  if (!s) {
    // A new shortcut's id follows its client and label (still editable).
    deriveId(form, () => {
      const client = form.querySelector<HTMLSelectElement>('[name="client"]')?.value ?? "";
      const label = form.querySelector<HTMLInputElement>('[name="label"]')?.value ?? "";
      return label ? `${client} ${label}` : "";
    });
  }
  return form;
}

export function readShortcut(form: HTMLElement): ShortcutForm {
  return {
    id: text(form, "id") ?? "",
    client: text(form, "client") ?? "",
    label: text(form, "label"),
    account: text(form, "account"),
    role: text(form, "role") ?? "",
    identity: text(form, "identity"),
    via: text(form, "via"),
    region: text(form, "region"),
    destination: text(form, "destination"),
    session: sessionChoice(form),
    duration: text(form, "duration"),
    externalId: text(form, "externalId"),
    browser: browserChoice(form),
    pinned: checked(form, "pinned"),
    tags: (text(form, "tags") ?? "").split(/[\s,]+/).filter(Boolean),
  };
}

/**
 * What a form's last save was told (by the shell, or by AWS through it): kept until the next
 * save (a field's part until the person edits that field), and shown beside whatever the
 * as-you-type check finds, so a check running on its own never wipes AWS's answer.
 * `generation` counts saves: a check that started before a save is dropped.
 */
interface SaveState {
  fields: FieldProblem[];
  general: string | undefined;
  generation: number;
  cancelCheck: () => void;
}

const saves = new WeakMap<HTMLElement, SaveState>();

function saveState(form: HTMLElement): SaveState {
  let state = saves.get(form);
  if (!state) {
    state = { fields: [], general: undefined, generation: 0, cancelCheck: () => {} };
    saves.set(form, state);
  }
  return state;
}

/**
 * Marks the start of a save: the pending as-you-type check is called off, checks already
 * running are dropped when they answer, and the last save's answer is cleared. Every path
 * that saves a checked form calls this first ([`submitWith`] does).
 */
export function beginSave(form: HTMLElement): void {
  const state = saveState(form);
  state.cancelCheck();
  state.generation += 1;
  state.fields = [];
  state.general = undefined;
}

/** Shows what a save was told and keeps it until the next save (see [`SaveState`]). */
export function showSaveProblems(form: HTMLElement, fields: FieldProblem[], general?: string): void {
  const state = saveState(form);
  state.cancelCheck();
  state.generation += 1;
  state.fields = fields;
  state.general = general;
  showProblems(form, fields, general);
}

/** A save's error, shown on its fields or the form's line, and kept (see [`showSaveProblems`]). */
export function showSaveError(form: HTMLElement, e: unknown): void {
  const fields = fieldsOf(e);
  showSaveProblems(form, fields, fields.length ? undefined : messageOf(e));
}

/**
 * Checks a form as the person types. Only fields they have touched show problems, so a new
 * form does not open full of red. A save calls off the pending check and drops one in flight;
 * what the last save was told stays on screen beside the check's own findings.
 */
export function liveCheck(form: HTMLElement, check: () => Promise<FieldProblem[]>): void {
  const touched = new Set<string>();
  const state = saveState(form);
  const run = debounce(async () => {
    const generation = state.generation;
    let problems: FieldProblem[] = [];
    let failure: string | undefined;
    try {
      problems = (await check()).filter((p) => !p.field || touched.has(p.field)).filter((p) => p.field);
    } catch (e) {
      failure = messageOf(e);
    }
    // A save started (or answered) meanwhile: its word is the last one.
    if (generation !== state.generation) return;
    const general = [state.general, failure].filter(Boolean).join(" ") || undefined;
    showProblems(form, [...state.fields, ...problems], general);
  }, 250);
  state.cancelCheck = run.cancel;
  const edited = (e: Event) => {
    const name = (e.target as HTMLInputElement | null)?.name;
    if (name) {
      touched.add(name);
      // The person is fixing what the save said about this field: that word has done its
      // work (the check says whether the field is right now). What it said about other
      // fields, and about the form as a whole, stays until the next save.
      state.fields = state.fields.filter((p) => p.field !== name);
    }
    run();
  };
  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
}

/** Saves through `save`; problems land on the fields. Returns whether it saved. */
export async function submitWith(form: HTMLElement, save: () => Promise<unknown>): Promise<boolean> {
  beginSave(form);
  // An empty required field is said on the field itself, before anything is sent.
  const missing: FieldProblem[] = [...form.querySelectorAll<HTMLElement>(".field")]
    .filter((f) => f.querySelector("[required]") && !f.querySelector<HTMLInputElement>("input, select")?.value.trim())
    .map((f) => ({ field: f.dataset.field ?? "", message: "Required." }));
  if (missing.length) {
    showSaveProblems(form, missing);
    form.querySelector<HTMLElement>(".field.invalid input, .field.invalid select")?.focus();
    return false;
  }
  try {
    await save();
    beginSave(form);
    showProblems(form, []);
    return true;
  } catch (e) {
    showSaveError(form, e);
    // Straight to what needs fixing.
    form.querySelector<HTMLElement>(".field.invalid input:not([type=hidden]), .field.invalid select, .field.invalid textarea")?.focus();
    return false;
  }
}

export const checkClient = (form: HTMLElement, replace: boolean) => () => commands.checkClient(readClient(form), replace);
export const checkShortcut = (form: HTMLElement, replace: boolean) => () => commands.checkShortcut(readShortcut(form), replace);
