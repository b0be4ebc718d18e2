// Settings: shortcuts, clients, identities, team sources, imports, browsers and the app's own
// options. Every edit is checked as it is typed and saved through the core's catalog store (the
// file keeps its comments); the tray menu follows at once.
import { commands, events, type ClientForm, type EntryKind, type FieldProblem, type IdentityView, type LinkProposalView, type LiveView, type SettingsPage, type SettingsView, type ShortcutForm } from "./bindings";
import { byId, dot, h, render } from "./lib/dom";
import { fieldsOf, messageOf } from "./lib/errors";
import { browserOptions, isBrowserKind, checkClient, checkShortcut, clientForm, liveCheck, readClient, readShortcut, shortcutForm, submitWith } from "./lib/entries";
import { field, showProblems, text } from "./lib/forms";
import { hotkeyRecorder } from "./lib/hotkey";
import { Importer } from "./importer";
import { Sources } from "./sources";

export type Tab = "shortcuts" | "clients" | "identities" | "sources" | "import" | "general";
const TABS: { id: Tab; label: string }[] = [
  { id: "shortcuts", label: "Shortcuts" },
  { id: "clients", label: "Clients" },
  { id: "identities", label: "Identities" },
  { id: "sources", label: "Team sources" },
  { id: "import", label: "Import" },
  { id: "general", label: "General" },
];

export class Settings {
  view: SettingsView | null = null;
  tab: Tab = "shortcuts";
  /** The client last created or chosen: a new shortcut starts in it. */
  lastClient: string | null = null;
  private readonly nav: HTMLElement;
  private readonly body: HTMLElement;
  private readonly notice: HTMLElement;
  readonly importer: Importer;
  readonly sources: Sources;

  constructor(root: HTMLElement) {
    this.nav = h("nav", { class: "tabs", role: "tablist", "aria-label": "Settings" });
    this.body = h("section", { class: "panel", id: "panel", role: "tabpanel" });
    this.notice = h("div", { class: "notice", id: "notice", role: "status" });
    render(root, h("div", { class: "settings" }, this.nav, h("div", { class: "main" }, this.notice, this.body)));
    this.importer = new Importer(this.body, (text, error) => this.say(text, error), () => this.load());
    this.sources = new Sources(this.body, (text, error) => this.say(text, error), () => this.load());
    this.nav.addEventListener("keydown", (e) => {
      const i = TABS.findIndex((t) => t.id === this.tab);
      const next = e.key === "ArrowDown" || e.key === "ArrowRight" ? 1 : e.key === "ArrowUp" || e.key === "ArrowLeft" ? -1 : 0;
      if (next) {
        e.preventDefault();
        this.show(TABS[(i + next + TABS.length) % TABS.length].id, true);
      }
    });
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !this.body.querySelector("form.editing")) void commands.dismiss();
    });
  }

  async load(): Promise<void> {
    try {
      this.view = await commands.settingsView();
      this.show(this.tab);
    } catch (e) {
      render(this.body, h("p", { class: "error", id: "load-error" }, messageOf(e)));
    }
  }

  /**
   * Takes the page another window or the tray sent the person to (Import, a new shortcut, the
   * form filled from a link), now and whenever the shell says another one waits.
   */
  async follow(): Promise<void> {
    const take = async () => {
      try {
        const page = await commands.settingsPageTake();
        if (page) await this.go(page);
      } catch (e) {
        this.say(messageOf(e), true);
      }
    };
    try {
      await events.settingsPage.listen(() => void take());
    } catch {
      // Without events (a test page) the page taken at load is all there is.
    }
    await take();
  }

  /** Shows `page`. A form being edited is left only when the person says so: nothing is lost. */
  async go(page: SettingsPage): Promise<void> {
    if (!this.view) return;
    if (this.body.querySelector("form.editing.changed") && !window.confirm("Leave the form you are editing? Its changes are not saved.")) return;
    switch (page.page) {
      case "import":
        this.show("import");
        return;
      case "addShortcut":
        if (this.view.clients.length === 0) {
          this.show("clients");
          this.editClient(null, true);
          this.say("Add the client first: its shortcut comes next.");
        } else {
          this.show("shortcuts");
          this.editShortcut(null);
        }
        return;
      case "addFromLink":
        this.show("shortcuts");
        try {
          this.addFromLink(await commands.linkProposal(page.link));
        } catch (e) {
          this.say(messageOf(e), true);
        }
        return;
    }
  }

  /** "Import…" on an empty list: the Import page, where files found on this computer wait. */
  private importButton(): HTMLElement {
    return h("button", { type: "button", class: "import-now", onclick: () => this.show("import", true) }, "Import…");
  }

  say(text: string, error = false): void {
    this.notice.textContent = text;
    this.notice.classList.toggle("error", error);
  }

  show(tab: Tab, focusTab = false): void {
    // A saved-change banner belongs to its page.
    if (tab !== this.tab) this.say("");
    this.tab = tab;
    render(
      this.nav,
      ...TABS.map((t) =>
        h("button", {
          role: "tab",
          id: `tab-${t.id}`,
          "aria-selected": String(t.id === tab),
          tabindex: t.id === tab ? "0" : "-1",
          onclick: () => this.show(t.id),
        }, t.label),
      ),
    );
    if (focusTab) this.nav.querySelector<HTMLElement>(`#tab-${tab}`)?.focus();
    const v = this.view;
    if (!v) return;
    switch (tab) {
      case "shortcuts":
        return this.shortcuts(v);
      case "clients":
        return this.clients(v);
      case "identities":
        return this.identities(v);
      case "sources":
        return this.sources.show(v);
      case "import":
        return this.importer.show(v.identities);
      case "general":
        return this.general(v);
    }
  }

  private shortcuts(v: SettingsView): void {
    const origin = origins(v, "shortcut");
    const color = new Map(v.clients.map((c) => [c.id, c.color]));
    const name = new Map(v.clients.map((c) => [c.id, c.name]));
    render(
      this.body,
      h("div", { class: "bar" },
        h("h1", {}, "Shortcuts"),
        h("button", { class: "primary", id: "add-shortcut", disabled: v.clients.length === 0, onclick: () => this.editShortcut(null) }, "Add shortcut"),
      ),
      v.shortcuts.length === 0
        ? h("div", { class: "empty-list", id: "no-shortcuts" },
            h("p", {}, v.clients.length === 0
              ? "No shortcuts yet. Bring many at once from what you keep already (~/.aws/config, AWS Extend Switch Roles, a wiki page or bookmarks of switch-role links), or add a client and then its shortcuts by hand."
              : "No shortcuts yet. Add one, or bring many at once from what you keep already (~/.aws/config, AWS Extend Switch Roles, a wiki page or bookmarks of switch-role links); a team's shared catalog goes under Team sources."),
            h("div", { class: "buttons-inline" },
              this.importButton(),
              v.clients.length === 0 ? h("button", { type: "button", onclick: () => { this.show("clients"); this.editClient(null, true); } }, "Add a client…") : null))
        : null,
      h("table", { class: "list", id: "shortcut-list" },
        h("thead", {}, h("tr", {}, h("th", {}, "Shortcut"), h("th", {}, "Client"), h("th", {}, "Account"), h("th", {}, "Role"), h("th", {}, ""))),
        h("tbody", {}, ...v.shortcuts.map((s) =>
          h("tr", { "data-id": s.id },
            h("td", {}, s.pinned ? "★ " : "", h("strong", {}, s.label ?? s.id), h("div", { class: "hint" }, s.id)),
            h("td", {}, dot(color.get(s.client)), " ", name.get(s.client) ?? s.client),
            h("td", { class: "mono" }, s.account ?? ""),
            h("td", {}, s.role),
            origin.has(s.id)
              ? h("td", { class: "actions hint" }, this.copyButton(s.id), ` from ${origin.get(s.id)} (read-only)`)
              : h("td", { class: "actions" },
                  this.copyButton(s.id),
                  h("button", { onclick: () => this.editShortcut(s), "aria-label": `Edit ${s.id}` }, "Edit"),
                  h("button", { class: "danger", onclick: () => void this.remove("shortcut", s.id, `Remove shortcut ${s.id}?`), "aria-label": `Remove ${s.id}` }, "Remove"),
                ),
          ),
        )),
      ),
    );
  }

  /** "Copy link": the shortcut's `rolehop://` link, for a knowledge base or a chat message. */
  private copyButton(id: string): HTMLElement {
    return h("button", {
      class: "copy-link",
      title: "Copy this shortcut's rolehop:// link (no secret in it): a click on it opens the console through Rolehop",
      "aria-label": `Copy link to ${id}`,
      onclick: () => void this.copyLink(id),
    }, "Copy link");
  }

  async copyLink(id: string): Promise<void> {
    try {
      const link = await commands.copyLink(id);
      this.say(`Copied ${link}. Paste it into your knowledge base; \`rolehop export page\` writes a page of every shortcut's links.`);
    } catch (e) {
      this.say(messageOf(e), true);
    }
  }

  editShortcut(s: ShortcutForm | null): void {
    const v = this.view!;
    const form = shortcutForm(s, { clients: v.clients, identities: v.identities.map((i) => i.id), browsers: v.browsers });
    form.classList.add("editing");
    const client = form.querySelector<HTMLSelectElement>('[name="client"]');
    if (client) {
      if (!s && this.lastClient && v.clients.some((c) => c.id === this.lastClient)) client.value = this.lastClient;
      client.addEventListener("change", () => { this.lastClient = client.value; });
    }
    const replace = s !== null;
    if (replace) form.querySelector<HTMLInputElement>('[name="id"]')!.readOnly = true;
    form.append(this.formButtons("save-shortcut", replace ? "Save" : "Add"));
    liveCheck(form, checkShortcut(form, replace));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const value = readShortcut(form);
      if (await submitWith(form, () => commands.saveShortcut(value, replace))) {
        this.lastClient = value.client;
        this.say(`Saved shortcut ${value.id}; the tray menu has it.`);
        await this.load();
      }
    });
    this.editing(replace ? `Edit ${s!.id}` : "New shortcut", form);
  }

  /**
   * The new-shortcut form filled from a pasted switch-role link (the switcher's "Add this
   * shortcut…"): the link is shown above the form, a client the catalog does not have is
   * proposed in the same form, and nothing is saved until the person presses Add.
   */
  addFromLink(p: LinkProposalView): void {
    const v = this.view!;
    let pendingClient = p.newClient;
    const clients = pendingClient ? [...v.clients, p.client] : v.clients;
    const form = shortcutForm(p.shortcut, { clients, identities: v.identities.map((i) => i.id), browsers: v.browsers });
    form.classList.add("editing");
    const clientSelect = form.querySelector<HTMLSelectElement>('[name="client"]')!;
    const newClient = h("fieldset", { class: "new-client", id: "new-client" },
      h("legend", {}, "New client, added with the shortcut"),
      field({ name: "newClientName", label: "Client name", required: true, placeholder: "Acme Corp" }, p.client.name),
      p.client.color ? h("p", { class: "hint" }, "Colour from the link: ", h("span", { class: "mono" }, p.client.color)) : null,
    );
    const option = [...clientSelect.options].find((o) => o.value === p.client.id);
    const syncNew = () => {
      newClient.hidden = !(pendingClient && clientSelect.value === p.client.id);
      if (option && pendingClient) option.textContent = `${(form.querySelector<HTMLInputElement>('[name="newClientName"]')!.value.trim() || p.client.id)} (${p.client.id}, new)`;
    };
    if (pendingClient) clientSelect.closest(".field")!.after(newClient);
    clientSelect.addEventListener("change", syncNew);
    newClient.addEventListener("input", syncNew);
    syncNew();
    if (p.identityNeeded) {
      const hint = form.querySelector<HTMLElement>('.field[data-field="identity"] .hint');
      if (hint) hint.textContent = "Whose access key assumes the role: the link cannot say, and you have several identities.";
    }
    form.append(this.formButtons("save-shortcut", "Add"));
    // The new client is not in the catalog until the Add: the check does not call it unknown.
    const awaitingClient = (problems: FieldProblem[]) =>
      problems.filter((x) => !(x.field === "client" && pendingClient && clientSelect.value === p.client.id));
    liveCheck(form, async () => awaitingClient(await checkShortcut(form, false)()));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const value = readShortcut(form);
      const saved = await submitWith(form, async () => {
        if (pendingClient && value.client === p.client.id) {
          const name = form.querySelector<HTMLInputElement>('[name="newClientName"]')!.value.trim();
          try {
            await commands.saveClient({ ...p.client, name }, false);
          } catch (err) {
            // Said on this form's own field for the client's name.
            const fields = fieldsOf(err).map((f) => ({ ...f, field: f.field === "name" ? "newClientName" : "client" }));
            throw fields.length ? { kind: "config", message: messageOf(err), fields } : err;
          }
          pendingClient = false;
          syncNew();
        }
        await commands.saveShortcut(value, false);
      });
      if (saved) {
        this.lastClient = value.client;
        this.say(`Added shortcut ${value.id} from the link; the tray menu has it, and the link opens it.`);
        await this.load();
      }
    });
    this.editing("New shortcut from a link", form);
    form.before(h("p", { class: "from-link", id: "from-link" }, "From the link: ", h("span", { class: "mono small" }, p.link)));
  }

  private clients(v: SettingsView): void {
    const origin = origins(v, "client");
    render(
      this.body,
      h("div", { class: "bar" }, h("h1", {}, "Clients"), h("button", { class: "primary", id: "add-client", onclick: () => this.editClient(null) }, "Add client")),
      v.clients.length === 0
        ? h("div", { class: "empty-list", id: "no-clients" },
            h("p", {}, "No clients yet. A client groups the shortcuts of one customer in the tray menu. An import brings clients with their shortcuts."),
            h("div", { class: "buttons-inline" }, this.importButton()))
        : null,
      h("table", { class: "list", id: "client-list" },
        h("thead", {}, h("tr", {}, h("th", {}, "Client"), h("th", {}, "Id"), h("th", {}, "Shortcuts"), h("th", {}, ""))),
        h("tbody", {}, ...v.clients.map((c) => {
          const count = v.shortcuts.filter((s) => s.client === c.id).length;
          return h("tr", { "data-id": c.id },
            h("td", {}, dot(c.color), " ", h("strong", {}, c.name), c.notes ? h("div", { class: "hint" }, c.notes) : null),
            h("td", { class: "mono" }, c.id),
            h("td", {}, String(count)),
            origin.has(c.id) ? h("td", { class: "actions hint" }, `from ${origin.get(c.id)} (read-only)`) : h("td", { class: "actions" },
              h("button", { onclick: () => this.editClient(c) }, "Edit"),
              h("button", {
                class: "danger",
                onclick: () => void this.remove("client", c.id, count ? `Remove client ${c.name} and its ${count} shortcut(s)?` : `Remove client ${c.name}?`),
              }, "Remove"),
            ),
          );
        })),
      ),
    );
  }

  editClient(c: ClientForm | null, thenShortcut = false): void {
    const form = clientForm(c, this.view!.browsers);
    form.classList.add("editing");
    const replace = c !== null;
    if (replace) form.querySelector<HTMLInputElement>('[name="id"]')!.readOnly = true;
    form.append(this.formButtons("save-client", replace ? "Save" : "Add"));
    liveCheck(form, checkClient(form, replace));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const value = readClient(form);
      if (await submitWith(form, () => commands.saveClient(value, replace))) {
        this.lastClient = value.id;
        this.say(`Saved client ${value.name}.`);
        await this.load();
        // Sent here to add a shortcut: the client was the first half.
        if (thenShortcut) {
          this.show("shortcuts");
          this.editShortcut(null);
          this.say(`Saved client ${value.name}; now its first shortcut.`);
        }
      }
    });
    this.editing(replace ? `Edit ${c!.name}` : "New client", form);
  }

  private identities(v: SettingsView): void {
    render(
      this.body,
      h("div", { class: "bar" }, h("h1", {}, "Identities"),
        h("button", { class: "primary", id: "open-setup", onclick: () => void commands.openWindow("setup") }, "Set up an identity…")),
      h("p", { class: "hint" }, "Access keys and IAM Identity Center sign-ins live in the OS keychain; this list shows only whether they are there."),
      h("table", { class: "list", id: "identity-list" },
        h("thead", {}, h("tr", {}, h("th", {}, "Identity"), h("th", {}, "Account"), h("th", {}, "MFA"), h("th", {}, "In keychain"))),
        h("tbody", {}, ...v.identities.map((i) =>
          h("tr", { "data-id": i.id },
            h("td", {}, h("strong", {}, i.id), h("div", { class: "hint" }, i.partition + (i.region ? ` · ${i.region}` : ""))),
            i.ssoStartUrl
              ? h("td", {}, "IAM Identity Center", h("div", { class: "hint mono small" }, i.ssoStartUrl))
              : h("td", { class: "mono" }, i.account),
            h("td", { class: "mono small" }, i.ssoStartUrl ? "at the access portal" : (i.mfaSerial ?? "none"), i.mfaProcess ? this.codeCommand(i) : null),
            h("td", {}, i.ssoStartUrl
              ? (i.hasKeys
                  ? h("span", { class: "ok" }, "signed in")
                  : h("button", { "data-sign-in": i.id, onclick: (e: Event) => void this.signIn(i.id, e.currentTarget as HTMLButtonElement) }, "Sign in…"))
              : (i.hasKeys ? h("span", { class: "ok" }, "key stored") : h("span", { class: "error" }, "missing: set up again"))),
          ),
        )),
      ),
    );
  }

  /** An identity's MFA code command, shown in full; one not yet allowed waits for the person. */
  private codeCommand(i: IdentityView): HTMLElement {
    const command = i.mfaProcess ?? "";
    if (i.mfaProcessConfirmed) {
      return h("div", { class: "hint" }, "codes from a command (security key): ", h("code", {}, command));
    }
    const allow = h("button", { type: "button", class: "allow-command", "data-allow": i.id }, "Allow this command");
    allow.addEventListener("click", async () => {
      allow.disabled = true;
      try {
        await commands.confirmMfaProcess(i.id, command);
        await this.load();
        this.say(`Identity ${i.id} gets its codes from that command from now on.`);
      } catch (e) {
        allow.disabled = false;
        this.say(messageOf(e), true);
      }
    });
    return h("div", { class: "command-check" },
      h("div", { class: "error" }, "Runs a command for its codes, not allowed yet:"),
      h("code", { class: "command" }, command),
      h("div", { class: "hint" }, "It may come from an imported configuration. Allow it only if you set it up."),
      allow);
  }

  /** Signs an Identity Center identity in (the browser page opens; the notice window guides). */
  private async signIn(identity: string, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    this.say(`Sign in to IAM Identity Center in the browser window that opened (identity ${identity}).`);
    try {
      await commands.ssoSignIn(identity);
      await this.load();
      this.say(`Identity ${identity} is signed in.`);
    } catch (e) {
      button.disabled = false;
      this.say(messageOf(e), true);
    }
  }

  private general(v: SettingsView): void {
    const browser = field({ name: "defaultBrowser", label: "Open consoles in", type: "select", options: browserOptions(v.browsers, "First browser found"), hint: "A client or a shortcut can choose its own." }, v.defaultBrowser ?? "");
    browser.querySelector("select")!.addEventListener("change", async (e) => {
      const select = e.target as HTMLSelectElement;
      const kind = select.value;
      try {
        if (isBrowserKind(kind)) await commands.setDefaultBrowser(kind);
        const name = select.selectedOptions[0]?.textContent ?? kind;
        this.say(kind ? `Consoles open in ${name} unless a client or shortcut says otherwise.` : "");
      } catch (err) {
        this.say(messageOf(err), true);
      }
    });
    const layout = field({
      name: "profileLayout",
      label: "Consoles in Chromium, Chrome, Brave, Edge and Vivaldi",
      type: "select",
      options: [
        { value: "shared", label: "One browser, a profile per shortcut (less memory)" },
        { value: "separate", label: "A browser per shortcut (own taskbar entry)" },
      ],
      hint: "Either way each shortcut keeps its own cookies and sign-in. Applies to consoles opened from now on; Firefox always runs a profile per shortcut.",
    }, v.profileLayout);
    layout.querySelector("select")!.addEventListener("change", async (e) => {
      const select = e.target as HTMLSelectElement;
      const chosen = select.value === "separate" ? "separate" : "shared";
      try {
        await commands.setProfileLayout(chosen);
        v.profileLayout = chosen;
        this.say(chosen === "shared"
          ? "New consoles open as profiles of one Rolehop browser."
          : "New consoles open in a browser of their own.");
      } catch (err) {
        select.value = v.profileLayout;
        this.say(messageOf(err), true);
      }
    });
    const autostart = field({ name: "autostart", label: "Start Rolehop when I log in", type: "checkbox" }, v.autostart);
    autostart.querySelector("input")!.addEventListener("change", async (e) => {
      const box = e.target as HTMLInputElement;
      try {
        box.checked = await commands.setAutostart(box.checked);
        this.say(box.checked ? "Rolehop starts at login." : "Rolehop no longer starts at login.");
      } catch (err) {
        box.checked = !box.checked;
        this.say(messageOf(err), true);
      }
    });
    const trust = field(
      { name: "trust-links", label: "Open links to non-production shortcuts without asking", type: "checkbox" },
      v.trustLinks,
    );
    trust.querySelector("input")!.addEventListener("change", async (e) => {
      const box = e.target as HTMLInputElement;
      try {
        await commands.setTrustLinks(box.checked);
        v.trustLinks = box.checked;
        this.say(box.checked
          ? "Links to non-production shortcuts open at once; production shortcuts still ask."
          : "Every link asks before it opens anything.");
      } catch (err) {
        box.checked = !box.checked;
        this.say(messageOf(err), true);
      }
    });
    const hotkeyForm = h("form", { class: "entry", id: "hotkey-form" });
    const problem = h("div", { class: "problem", id: "f-hotkey-problem", role: "alert" });
    const use = h("button", { type: "submit", id: "use-hotkey", disabled: true }, "Use this hotkey");
    const show = (text: string | null) => {
      problem.textContent = text ?? "";
      hotkeyForm.querySelector(".field")!.classList.toggle("invalid", !!text);
    };
    const recorder = hotkeyRecorder(v.hotkey, (combo) => { use.disabled = combo === v.hotkey; }, (p) => {
      show(p);
      if (p) use.disabled = true;
    });
    render(hotkeyForm,
      h("div", { class: "field", "data-field": "hotkey" },
        h("label", { for: "f-hotkey" }, "Switcher hotkey"),
        h("div", { class: "hotkey-row" }, recorder, use),
        h("div", { class: "hint", id: "f-hotkey-hint" }, "Click the field and press the combination (e.g. Ctrl+Alt+Space). Esc puts back the last one, Backspace clears."),
        problem,
      ),
      h("div", { class: "form-problem", role: "alert" }),
    );
    hotkeyForm.addEventListener("submit", async (e) => {
      e.preventDefault();
      const value = recorder.value;
      try {
        await commands.setHotkey(value);
        show(null);
        use.disabled = true;
        v.hotkey = value;
        this.say(`The switcher opens with ${value}.`);
      } catch (err) {
        const fields = fieldsOf(err);
        showProblems(hotkeyForm, fields, fields.length ? undefined : messageOf(err));
        recorder.focus();
      }
    });
    // The terminal "Open terminal" starts (tray menu, switcher Ctrl+T): the person's command,
    // or this desktop's default. The shell checks it the way the launch reads it.
    const terminalForm = h("form", { class: "entry", id: "terminal-form" });
    const terminalInput = h("input", {
      id: "f-terminal",
      name: "terminal",
      type: "text",
      value: v.terminal.command ?? "",
      placeholder: v.terminal.default ? `Default here: ${v.terminal.default}` : "e.g. xterm -e {command}",
      autocomplete: "off",
      spellcheck: "false",
      "aria-describedby": "f-terminal-hint f-terminal-problem",
    });
    render(terminalForm,
      h("div", { class: "field", "data-field": "terminal" },
        h("label", { for: "f-terminal" }, "Terminal command"),
        h("div", { class: "hotkey-row" }, terminalInput, h("button", { type: "submit", id: "save-terminal" }, "Save")),
        v.terminal.default || v.terminal.command
          ? null
          : h("div", { class: "field-note", id: "f-terminal-missing" }, `No terminal found on this computer (${v.terminal.missing ?? "none"}): set one here to use Open terminal.`),
        h("div", { class: "hint", id: "f-terminal-hint" },
          "Opened by Open terminal (tray menu, switcher Ctrl+T). Empty: this desktop's terminal. {command} stands for `rolehop shell SHORTCUT`, the shell marked with the client whose credentials are renewed; e.g. `wezterm start -- {command}`. Run without a shell."),
        h("div", { class: "problem", id: "f-terminal-problem", role: "alert" }),
      ),
      h("div", { class: "form-problem", role: "alert" }),
    );
    terminalForm.addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        v.terminal = await commands.setTerminal(text(terminalForm, "terminal"));
        showProblems(terminalForm, []);
        this.say(v.terminal.command
          ? `Open terminal runs: ${v.terminal.command}`
          : v.terminal.default
            ? `Open terminal uses this desktop's terminal (${v.terminal.default}).`
            : "No terminal found on this computer: set one to use Open terminal.");
        document.getElementById("f-terminal-missing")?.remove();
      } catch (err) {
        const fields = fieldsOf(err);
        showProblems(terminalForm, fields, fields.length ? undefined : messageOf(err));
      }
    });
    // Live consoles: renewal in the console's own tab, and the day's journal (kept where the
    // consoles' channel and the CLI read it, `<data dir>/live/settings.json`).
    const renewBox = field(
      { name: "renew-in-place", label: "Renew consoles in their tab before they sign out", type: "checkbox" },
      v.live.renewInPlace,
    );
    const journalBox = field(
      { name: "journal", label: "Keep a journal of the day (local only, never sent anywhere)", type: "checkbox" },
      v.live.journal,
    );
    const keepForm = h("form", { class: "entry", id: "keep-form" });
    render(keepForm,
      h("div", { class: "field", "data-field": "keepDays" },
        h("label", { for: "f-keep-days" }, "Keep journal entries (days)"),
        h("div", { class: "hotkey-row" },
          h("input", { id: "f-keep-days", name: "keepDays", type: "number", min: "1", max: "3650", value: String(v.live.keepDays), "aria-describedby": "f-keep-days-problem" }),
          h("button", { type: "submit", id: "save-keep-days" }, "Save")),
        h("div", { class: "problem", id: "f-keep-days-problem", role: "alert" }),
      ),
    );
    const saveLive = async (next: LiveView, said: string): Promise<boolean> => {
      try {
        v.live = await commands.setLive(next);
        showProblems(keepForm, []);
        this.say(said);
        return true;
      } catch (err) {
        const fields = fieldsOf(err);
        showProblems(keepForm, fields, fields.length ? undefined : messageOf(err));
        this.say(messageOf(err), true);
        return false;
      }
    };
    renewBox.querySelector("input")!.addEventListener("change", async (e) => {
      const box = e.target as HTMLInputElement;
      const ok = await saveLive({ ...v.live, renewInPlace: box.checked }, box.checked
        ? "Consoles renew themselves in their tab, at their page, before they sign out."
        : "Consoles are not renewed in place: Rolehop offers Renew five minutes before the end.");
      if (!ok) box.checked = !box.checked;
    });
    journalBox.querySelector("input")!.addEventListener("change", async (e) => {
      const box = e.target as HTMLInputElement;
      const ok = await saveLive({ ...v.live, journal: box.checked }, box.checked
        ? "Rolehop keeps the journal of the day (tray menu › Today, rolehop journal)."
        : "Rolehop keeps no journal from now on (what was kept stays until `rolehop journal --forget`).");
      if (!ok) box.checked = !box.checked;
    });
    keepForm.addEventListener("submit", async (e) => {
      e.preventDefault();
      const days = Number(text(keepForm, "keepDays"));
      if (!Number.isInteger(days) || days < 1 || days > 3650) {
        showProblems(keepForm, [{ field: "keepDays", message: "A whole number of days from 1 to 3650." }]);
        return;
      }
      await saveLive({ ...v.live, keepDays: days }, `Journal entries are kept ${days} days.`);
    });
    render(this.body,
      h("h1", {}, "General"),
      h("section", { class: "group", id: "general-browser" }, h("h2", {}, "Browser"), browser, layout),
      h("section", { class: "group", id: "general-startup" }, h("h2", {}, "Start-up"), autostart),
      h("section", { class: "group", id: "general-hotkey" }, h("h2", {}, "Keyboard"), hotkeyForm),
      h("section", { class: "group", id: "general-terminal" }, h("h2", {}, "Terminal"), terminalForm),
      h("section", { class: "group", id: "general-consoles" }, h("h2", {}, "Consoles"), renewBox, journalBox, keepForm,
        h("p", { class: "hint" }, "For consoles in Rolehop's Chromium-family browser: a renewal needs no MFA code while the day's session lasts. The journal counts opens, renewals and time in front per client, for billing and audits (tray menu › Today, rolehop journal).")),
      h("section", { class: "group", id: "general-links" }, h("h2", {}, "Links"), trust,
        h("p", { class: "hint" }, "A rolehop:// link from a web page or a document, or a pasted link, shows what it opens and waits for Enter. A production shortcut always asks.")),
      h("section", { class: "group", id: "general-catalog" }, h("h2", {}, "Catalog file"),
        h("p", { class: "mono small" }, v.catalogPath),
        h("p", { class: "hint" }, "Plain TOML, with your comments kept: edit it by hand or with the rolehop CLI; this window follows the changes.")),
    );
  }

  private formButtons(id: string, label: string): HTMLElement {
    return h("div", { class: "buttons" },
      h("button", { type: "button", onclick: () => this.show(this.tab) }, "Cancel"),
      h("button", { type: "submit", class: "primary", id }, label),
    );
  }

  private editing(title: string, form: HTMLFormElement): void {
    // Edited: a page another window sends the person to asks before it replaces this form.
    form.addEventListener("input", () => form.classList.add("changed"));
    form.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        this.show(this.tab);
      }
    });
    // The next edit starts: the last one's banner has been read.
    this.say("");
    render(this.body, h("h1", {}, title), form);
    form.querySelector<HTMLElement>("input:not([readonly]), select")?.focus();
  }

  async remove(kind: EntryKind, id: string, question: string): Promise<void> {
    if (!window.confirm(question)) return;
    try {
      await commands.removeEntry(kind, id);
      this.say(`Removed ${kind} ${id}.`);
      await this.load();
    } catch (e) {
      this.say(messageOf(e), true);
    }
  }
}

/** Which entries of a kind come from a read-only layer, and which. */
function origins(v: SettingsView, kind: EntryKind): Map<string, string> {
  return new Map(v.layered.filter((e) => e.kind === kind).map((e) => [e.id, e.origin]));
}

if (document.body.classList.contains("page-settings")) {
  const settings = new Settings(byId("app"));
  void settings.load().then(() => settings.follow());
}
