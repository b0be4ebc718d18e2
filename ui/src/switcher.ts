// The switcher: type, arrows, Enter. Opens in its browser profile (Enter), copies the sign-in
// link (Alt+Enter: the link itself stays in the shell and goes to the clipboard), or opens the
// built-in console window (Shift+Enter), or a terminal with the marked shell (Ctrl+T: `rolehop
// shell`, in the terminal Settings names). Escape closes the window. A pasted AWS switch-role
// link or `rolehop://` link lists the shortcuts it names (the shell reads it, as
// `rolehop open` does), or says how to add the one it names.
import { commands, type OpenHow, type SwitcherHit } from "./bindings";
import { byId, dot, h, render } from "./lib/dom";
import { messageOf } from "./lib/errors";

/** What a key press asks for: a move, an open, a close, or nothing. */
export type KeyAction =
  | { type: "move"; delta: number }
  | { type: "open"; how: OpenHow }
  | { type: "terminal" }
  | { type: "close" }
  | null;

export function keyAction(
  e: Pick<KeyboardEvent, "key" | "altKey" | "shiftKey" | "ctrlKey"> & { metaKey?: boolean },
): KeyAction {
  switch (e.key) {
    case "ArrowDown":
      return { type: "move", delta: 1 };
    case "ArrowUp":
      return { type: "move", delta: -1 };
    case "PageDown":
      return { type: "move", delta: 8 };
    case "PageUp":
      return { type: "move", delta: -8 };
    case "Enter":
      return { type: "open", how: e.altKey ? "copy_url" : e.shiftKey ? "builtin" : "browser" };
    case "Escape":
      return { type: "close" };
    case "n":
    case "j":
      return e.ctrlKey ? { type: "move", delta: 1 } : null;
    case "p":
    case "k":
      return e.ctrlKey ? { type: "move", delta: -1 } : null;
    case "t":
    case "T":
      // Ctrl+T (Cmd+T on macOS): a terminal in the selected shortcut's account.
      return e.ctrlKey || e.metaKey ? { type: "terminal" } : null;
    default:
      return null;
  }
}

/** Whether a query is a pasted link rather than words to search for. */
export function isLink(query: string): boolean {
  return /^\s*(https?:\/\/|rolehop:)/i.test(query);
}

/** A field's text with the characters a query matched (code point indices) in `<mark>`. */
export function marked(text: string, indices: number[]): (Node | string)[] {
  if (indices.length === 0) return [text];
  const on = new Set(indices);
  const out: (Node | string)[] = [];
  let run = "";
  let runMarked = false;
  Array.from(text).forEach((ch, i) => {
    const m = on.has(i);
    if (m !== runMarked && run) {
      out.push(runMarked ? h("mark", {}, run) : run);
      run = "";
    }
    runMarked = m;
    run += ch;
  });
  if (run) out.push(runMarked ? h("mark", {}, run) : run);
  return out;
}

/** The selection after a move, clamped to the list. */
export function moveSelection(index: number, delta: number, length: number): number {
  if (length === 0) return 0;
  return Math.min(length - 1, Math.max(0, index + delta));
}

export class Switcher {
  hits: SwitcherHit[] = [];
  selected = 0;
  /** The pasted link the hits come from, if the query is one. */
  link: string | null = null;
  private note = "";
  /** Whether no shortcut opens the pasted link: Enter (or the button) adds one in Settings. */
  private canAdd = false;
  private seq = 0;
  private shown = 0;
  private readonly input: HTMLInputElement;
  private readonly list: HTMLElement;
  private readonly status: HTMLElement;

  constructor(root: HTMLElement) {
    this.input = h("input", {
      id: "query",
      type: "search",
      placeholder: "Client, account id, role or tag… or paste a switch-role link",
      autocomplete: "off",
      spellcheck: "false",
      "aria-label": "Search shortcuts",
      "aria-controls": "results",
      role: "combobox",
      "aria-expanded": "true",
    });
    this.list = h("ul", { id: "results", role: "listbox", "aria-label": "Shortcuts" });
    this.status = h("div", { id: "status", class: "status", role: "status" });
    render(
      root,
      h("div", { class: "switcher" }, this.input, this.list, this.status,
        h("footer", { class: "keys" },
          h("span", {}, h("kbd", {}, "↵"), " open"),
          h("span", {}, h("kbd", {}, "Alt"), "+", h("kbd", {}, "↵"), " copy link"),
          h("span", {}, h("kbd", {}, "Shift"), "+", h("kbd", {}, "↵"), " built-in window"),
          h("span", {}, h("kbd", {}, navigator.platform.startsWith("Mac") ? "⌘" : "Ctrl"), "+", h("kbd", {}, "T"), " terminal"),
          h("span", {}, h("kbd", {}, "Esc"), " close"),
        ),
      ),
    );
    this.input.addEventListener("input", () => void this.search());
    document.addEventListener("keydown", (e) => void this.onKey(e));
    // Opened from a tray menu too long to hold every shortcut ("All N in Acme…"): the client's
    // name is already typed, selected so that typing replaces it.
    const preset = (window as { __ROLEHOP_QUERY?: unknown }).__ROLEHOP_QUERY;
    if (typeof preset === "string" && preset) {
      this.input.value = preset;
      void this.search();
      this.input.select();
    }
    this.input.focus();
  }

  /** Searches; answers that arrive after a newer query was typed are dropped. */
  async search(): Promise<void> {
    const seq = ++this.seq;
    const query = this.input.value;
    try {
      const link = isLink(query) ? await commands.readLink(query.trim()) : null;
      const hits = link ? link.hits : await commands.search(query);
      if (seq < this.shown) return;
      this.shown = seq;
      this.hits = hits;
      this.link = link ? query.trim() : null;
      this.note = link?.note ?? "";
      this.canAdd = link?.canAdd ?? false;
      this.selected = 0;
      this.draw(query);
    } catch (e) {
      if (seq < this.shown) return;
      this.shown = seq;
      this.hits = [];
      this.link = null;
      this.canAdd = false;
      render(this.list);
      this.status.textContent = messageOf(e);
      this.status.classList.add("error");
    }
  }

  async onKey(e: KeyboardEvent): Promise<void> {
    const action = keyAction(e);
    if (!action) return;
    e.preventDefault();
    if (action.type === "move") {
      this.selected = moveSelection(this.selected, action.delta, this.hits.length);
      this.highlight();
    } else if (action.type === "open") {
      await this.open(action.how);
    } else if (action.type === "terminal") {
      await this.terminal();
    } else {
      await commands.dismiss();
    }
  }

  async open(how: OpenHow, index = this.selected): Promise<void> {
    const hit = this.hits[index];
    if (!hit) {
      // A link no shortcut opens: Enter is "Add this shortcut…".
      if (this.link && this.canAdd) await this.addFromLink();
      return;
    }
    try {
      if (this.link) await commands.openLink(this.link, hit.id, how);
      else await commands.openShortcut(hit.id, how);
      // The shell runs the open in the background (an MFA window may follow); this box goes.
      await commands.dismiss();
    } catch (e) {
      this.status.textContent = messageOf(e);
      this.status.classList.add("error");
    }
  }

  /** The person's terminal with the marked shell of the selected shortcut; this box goes. */
  async terminal(index = this.selected): Promise<void> {
    const hit = this.hits[index];
    if (!hit) return;
    try {
      await commands.openTerminal(hit.id);
      await commands.dismiss();
    } catch (e) {
      this.status.textContent = messageOf(e);
      this.status.classList.add("error");
    }
  }

  /** Settings' new-shortcut form, filled from the pasted link; this box goes. */
  async addFromLink(): Promise<void> {
    if (!this.link) return;
    try {
      await commands.openSettingsPage({ page: "addFromLink", link: this.link });
      await commands.dismiss();
    } catch (e) {
      this.status.textContent = messageOf(e);
      this.status.classList.add("error");
    }
  }

  /** Settings' Import page (an empty switcher's way to bring many shortcuts at once). */
  async importNow(): Promise<void> {
    try {
      await commands.openSettingsPage({ page: "import" });
      await commands.dismiss();
    } catch (e) {
      this.status.textContent = messageOf(e);
      this.status.classList.add("error");
    }
  }

  private draw(query: string): void {
    this.status.classList.remove("error");
    if (this.link) {
      // A link no shortcut opens says so beside its button, in the list.
      this.status.textContent = this.hits.length === 0 && this.canAdd ? "" : this.note;
    } else if (this.hits.length === 0) {
      this.status.textContent = "";
    } else {
      this.status.textContent = `${this.hits.length} shortcut${this.hits.length === 1 ? "" : "s"}`;
    }
    if (this.hits.length === 0 && this.link && this.canAdd) {
      // The way on, where the eye is; Enter takes it.
      render(
        this.list,
        h("li", { class: "empty", role: "presentation" },
          h("div", { id: "link-note" }, this.note),
          h("div", { class: "buttons-inline" },
            h("button", { type: "button", class: "primary", id: "add-from-link", onclick: () => void this.addFromLink() }, "Add this shortcut…")),
          h("div", { class: "hint" }, "Enter opens Settings with the form filled from the link, to check and add."),
        ),
      );
      this.highlight();
      return;
    }
    if (this.hits.length === 0 && !this.link) {
      // Said in the list itself, where the eye is, with the way on.
      const empty = !query.trim();
      render(
        this.list,
        h("li", { class: "empty", role: "presentation" },
          h("div", {}, empty ? "No shortcuts yet." : `No shortcut matches “${query.trim()}”.`),
          empty
            ? h("div", { class: "buttons-inline" },
                h("button", { type: "button", class: "primary", id: "import-now", onclick: () => void this.importNow() }, "Import from ~/.aws/config, Extend Switch Roles or links…"),
                h("button", { type: "button", id: "add-in-settings", onclick: () => void commands.openSettingsPage({ page: "addShortcut" }).then(() => commands.dismiss()) }, "Add one by hand…"))
            : h("div", { class: "hint" },
                "Try a client, an account id, a role or a tag; or ",
                h("button", { type: "button", class: "link", id: "add-in-settings", onclick: () => void commands.openSettingsPage({ page: "addShortcut" }).then(() => commands.dismiss()) }, "add a shortcut in Settings"),
                ", or paste an AWS switch-role link."),
          empty ? h("div", { class: "hint" }, "Or paste an AWS switch-role link here.") : null,
        ),
      );
      this.highlight();
      return;
    }
    render(
      this.list,
      ...this.hits.map((hit, i) =>
        h(
          "li",
          {
            id: `hit-${i}`,
            role: "option",
            "data-id": hit.id,
            onclick: () => void this.open("browser", i),
          },
          dot(hit.color),
          h("span", { class: "label" }, ...marked(hit.label, hit.marks.label)),
          // The id is what `rolehop open` takes; shown unless it is the name already.
          hit.label !== hit.id ? h("span", { class: "id", title: "rolehop open " + hit.id }, ...marked(hit.id, hit.marks.id)) : null,
          h("span", { class: "client" }, ...marked(hit.clientName, hit.marks.clientName)),
          h("span", { class: "account" }, ...marked(hit.account, hit.marks.account)),
          h("span", { class: "role" }, ...marked(hit.role, hit.marks.role)),
          hit.tags.length ? h("span", { class: "tags" }, ...marked(hit.tags.join(" "), hit.marks.tags)) : null,
          hit.pinned ? h("span", { class: "pin", title: "Pinned" }, "★") : null,
          hit.liveSince !== null ? h("span", { class: "live", title: `Console open since ${clock(hit.liveSince)}: Enter goes to its window` }, "● open") : null,
        ),
      ),
    );
    this.highlight();
  }

  private highlight(): void {
    this.list.querySelectorAll("li").forEach((li, i) => {
      const on = i === this.selected;
      li.classList.toggle("selected", on);
      li.setAttribute("aria-selected", String(on));
      if (on) li.scrollIntoView?.({ block: "nearest" });
    });
    this.input.setAttribute("aria-activedescendant", this.hits.length ? `hit-${this.selected}` : "");
  }
}

/** A unix time as the person's clock shows it (`14:02`). */
export function clock(unix: number): string {
  return new Date(unix * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

if (document.getElementById("app") && document.body.classList.contains("page-switcher")) {
  const s = new Switcher(byId("app"));
  void s.search();
}
