// The setup wizard (first run, and from settings): keychain check, identity (the secret goes
// to the OS keychain after AWS confirmed the key, and is cleared from the form at once),
// default browser, first client and shortcut, then where to find things.
import { commands, type FoundImportView, type IdentityForm, type ImportInput, type SetupInfo, type SsoIdentityForm } from "./bindings";
import { Importer } from "./importer";
import { byId, h, render } from "./lib/dom";
import { messageOf } from "./lib/errors";
import { checkClient, checkShortcut, clientForm, liveCheck, readClient, readShortcut, shortcutForm, showSaveError, showSaveProblems, submitWith, browserOptions, browserChoice } from "./lib/entries";
import { field, text } from "./lib/forms";

const HOTKEY = navigator.platform.startsWith("Mac") ? "Cmd+Option+Space" : "Ctrl+Alt+Space";

/** The wizard's steps, as the indicator names them: by hand, or with an import. */
const STEPS = ["Identity", "Client", "Shortcut", "Ready"] as const;
const IMPORT_STEPS = ["Identity", "Import", "Ready"] as const;
type StepName = (typeof STEPS)[number] | (typeof IMPORT_STEPS)[number];

export class Wizard {
  info: SetupInfo | null = null;
  identity: string | null = null;
  private arn: string | null = null;
  /** The client this run saved (Back then edits it instead of adding a second one). */
  private client: { id: string; name: string } | null = null;
  /** Which kind of identity the identity step sets up. */
  private kind: "keys" | "sso" = "keys";
  /** What the identity step saved (never the secret): Back shows it, not an empty form. */
  private savedIdentity: { kind: "keys" | "sso"; values: Record<string, string | boolean> } | null = null;
  /** The steps this run saved something in: only those are marked done (Skip marks none). */
  private completed = new Set<StepName>();
  /** Whether this run added a shortcut (Ready then says where it is). */
  private addedShortcut = false;
  /** How many entries an import of this run added (Ready says so). */
  private imported = 0;
  /** The steps of the path taken: by hand, or an import. */
  private steps: readonly StepName[] = STEPS;
  /** Files on this machine with accounts to import (read once). */
  private found: FoundImportView[] | null = null;

  constructor(private readonly root: HTMLElement) {}

  async start(): Promise<void> {
    try {
      this.info = await commands.setupInfo();
    } catch (e) {
      this.step("Rolehop cannot read its catalog", h("p", { class: "error" }, messageOf(e)));
      return;
    }
    if (!this.info.keychain.ok) this.keychain();
    else this.identityStep();
  }

  private step(title: string, ...body: (Node | null)[]): void {
    render(this.root, h("section", { class: "wizard" }, h("h1", {}, title), ...body));
    // Each step opens at its top: the heading and the step bar in view, whatever the last
    // step was scrolled to. The focus moves without scrolling.
    (document.scrollingElement ?? document.documentElement).scrollTop = 0;
    this.root.scrollTop = 0;
    // The step's first editable field (not the identity kind above the form), else its first control.
    (this.root.querySelector<HTMLElement>("form input:not([readonly]), form select") ?? this.root.querySelector<HTMLElement>("input, select, button"))?.focus({ preventScroll: true });
    followFold(this.root);
  }

  /** Fills the identity form with what this run saved, and keeps its name (see identityStep). */
  private refill(form: HTMLFormElement, kind: "keys" | "sso"): void {
    const saved = this.savedIdentity;
    if (!saved || saved.kind !== kind) return;
    for (const [name, value] of Object.entries(saved.values)) {
      const input = form.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);
      if (!input) continue;
      if (input instanceof HTMLInputElement && input.type === "checkbox") input.checked = value === true;
      else input.value = String(value);
    }
    // Retyping the name would add a second identity: the saved one keeps it.
    const name = form.querySelector<HTMLInputElement>('[name="identity"]');
    if (name) {
      name.readOnly = true;
      const hint = name.closest(".field")?.querySelector(".hint");
      if (hint) hint.textContent = "Saved. Settings adds another identity or renames this one.";
    }
    const secret = form.querySelector<HTMLInputElement>('[name="secretAccessKey"]');
    if (secret) secret.placeholder = "In the keychain: type it only to replace it";
  }

  /** Remembers the saved identity's fields (the secret never). */
  private remember(form: HTMLFormElement, kind: "keys" | "sso"): void {
    const values: Record<string, string | boolean> = {};
    for (const input of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input[name], select[name]")) {
      if (input.name === "secretAccessKey" || input.name === "identity-kind") continue;
      values[input.name] = input instanceof HTMLInputElement && input.type === "checkbox" ? input.checked : input.value;
    }
    this.savedIdentity = { kind, values };
    this.completed.add("Identity");
  }

  /** "Step 2 of 4", with every step named, the current one marked. */
  private indicator(current: StepName): HTMLElement {
    const steps = this.steps;
    const at = steps.indexOf(current);
    return h("ol", { class: "steps", "aria-label": `Step ${at + 1} of ${steps.length}: ${current}` },
      ...steps.map((name, i) => h("li", { class: i === at ? "current" : this.completed.has(name) ? "done" : i < at ? "skipped" : "", "aria-current": i === at ? "step" : null }, name)),
    );
  }

  /** Whether the catalog has a shortcut: one added or imported now, or a catalog that had clients. */
  private get hasShortcuts(): boolean {
    return this.addedShortcut || this.imported > 0 || (this.info?.clients ?? 0) > 0;
  }

  /** Setup run again (from Settings) adds to what is there: no "first". */
  private get again(): boolean {
    return (this.info?.identities.length ?? 0) > 0 || (this.info?.clients ?? 0) > 0;
  }

  keychain(): void {
    const info = this.info!;
    this.step(
      "A keychain is needed",
      h("p", { id: "keychain-problem", class: "error" }, info.keychain.message),
      h("p", { class: "hint" }, `(${info.keychain.kind ?? "keychain"})`),
      h("div", { class: "buttons" }, h("button", { class: "primary", onclick: () => void this.start() }, "Check again")),
    );
  }

  /** Access key or IAM Identity Center: the choice at the top of the identity step. */
  private kindChoice(): HTMLElement {
    const option = (value: "keys" | "sso", label: string, hint: string) =>
      h("label", { class: `kind${this.kind === value ? " chosen" : ""}` },
        h("input", {
          type: "radio",
          name: "identity-kind",
          value,
          id: `kind-${value}`,
          checked: this.kind === value,
          onchange: () => {
            this.kind = value;
            this.identityStep();
            document.getElementById(`kind-${value}`)?.focus();
          },
        }),
        h("span", {}, h("strong", {}, label), h("span", { class: "hint" }, hint)));
    return h("div", { class: "kinds", role: "radiogroup", "aria-label": "How you sign in to AWS" },
      option("keys", "Access key", "An IAM user in your home account"),
      option("sso", "IAM Identity Center", "Sign in at your AWS access portal (SSO)"));
  }

  identityStep(): void {
    if (this.kind === "sso") {
      this.ssoStep();
      return;
    }
    const info = this.info!;
    const form = h(
      "form",
      { id: "identity-form", class: "entry", novalidate: true },
      h("p", {}, "Your IAM user in your home account. Its access key goes to the OS keychain and nowhere else."),
      field({ name: "identity", label: "Name for this identity", required: true, placeholder: "me", hint: "Your own IAM user in your home account, which every client role is assumed from. A short name for it (your name, or your company's); shortcuts refer to it." }, info.identities.length ? "" : "me"),
      field({ name: "account", label: "Home account id", required: true, placeholder: "111111111111", inputmode: "numeric" }, ""),
      field({ name: "accessKeyId", label: "Access key id", required: true, placeholder: "AKIA…" }, ""),
      field({ name: "secretAccessKey", label: "Secret access key", type: "password", required: true, autocomplete: "new-password", hint: "Stored in the keychain; never shown again." }, ""),
      field({ name: "mfaSerial", label: "MFA device ARN", placeholder: "arn:aws:iam::111111111111:mfa/me", hint: "Roles that require MFA need it." }, ""),
      this.codeCommand(info),
      field({ name: "region", label: "Default region", placeholder: "us-east-1" }, ""),
      field(
        { name: "browser", label: "Open consoles in", type: "select", options: browserOptions(info.browsers, "First browser found") },
        info.defaultBrowser ?? info.browsers[0]?.kind ?? "",
      ),
      h("div", { class: "form-problem", role: "alert" }),
      h("div", { class: "buttons" },
        // Back from the next step: the identity is saved, so going on needs no second check.
        this.identity ? h("button", { type: "button", id: "next", onclick: () => this.clientStep(this.arn) }, "Next without changes") : null,
        h("button", { type: "submit", class: "primary", id: "save-identity" }, "Check with AWS and save"),
      ),
    );
    // Checked as typed by the save's own field rules (a problem goes when its field is fixed);
    // the key itself is checked with AWS on save.
    this.refill(form, "keys");
    liveCheck(form, () => commands.checkIdentity(this.readIdentity(form)));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.saveIdentity(form);
    });
    this.step(this.again ? "Add an identity" : "Set up Rolehop", this.indicator("Identity"), this.kindChoice(), form);
  }

  /**
   * An IAM Identity Center identity: the portal's address and region; saving opens the
   * sign-in in the browser (or shows a device code in Rolehop's notice window) and goes on
   * once the person has allowed it. No secret passes through this window.
   */
  ssoStep(): void {
    const info = this.info!;
    const form = h(
      "form",
      { id: "sso-form", class: "entry", novalidate: true },
      h("p", {}, "Your organization's AWS access portal. You sign in there in your browser; the sign-in is kept in the OS keychain and renewed without you while it lasts."),
      field({ name: "identity", label: "Name for this identity", required: true, placeholder: "work" }, info.identities.length ? "" : "work"),
      field({ name: "startUrl", label: "AWS access portal URL", required: true, placeholder: "https://my-org.awsapps.com/start", inputmode: "url" }, ""),
      field({ name: "ssoRegion", label: "Identity Center region", required: true, placeholder: "eu-west-1", hint: "The region your IAM Identity Center instance is in (your administrator knows it)." }, ""),
      field({ name: "region", label: "Default region for consoles", placeholder: "the Identity Center region" }, ""),
      field(
        { name: "browser", label: "Sign in and open consoles in", type: "select", options: browserOptions(info.browsers, "First browser found") },
        info.defaultBrowser ?? info.browsers[0]?.kind ?? "",
      ),
      field({ name: "deviceCode", label: "Sign in with a code in a browser elsewhere (another computer, or a browser that cannot reach this one)", type: "checkbox" }, false),
      h("div", { class: "form-problem", role: "alert" }),
      h("div", { class: "buttons" },
        this.identity ? h("button", { type: "button", id: "next", onclick: () => this.clientStep(this.arn) }, "Next without changes") : null,
        h("button", { type: "submit", class: "primary", id: "save-sso" }, "Sign in with the browser"),
      ),
    );
    this.refill(form, "sso");
    liveCheck(form, () => commands.checkSsoIdentity(this.readSso(form)));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.saveSso(form);
    });
    this.step(this.again ? "Add an identity" : "Set up Rolehop", this.indicator("Identity"), this.kindChoice(), form);
  }

  readSso(form: HTMLFormElement): SsoIdentityForm {
    return {
      identity: text(form, "identity") ?? "",
      startUrl: text(form, "startUrl") ?? "",
      ssoRegion: text(form, "ssoRegion") ?? "",
      region: text(form, "region"),
      browser: browserChoice(form),
      deviceCode: form.querySelector<HTMLInputElement>('[name="deviceCode"]')!.checked,
    };
  }

  async saveSso(form: HTMLFormElement): Promise<void> {
    const button = form.querySelector<HTMLButtonElement>("#save-sso")!;
    if (!(await submitWith(form, async () => undefined))) return;
    button.disabled = true;
    const value = this.readSso(form);
    showSaveProblems(form, [], value.deviceCode
      ? "Rolehop's notice window shows a code: confirm it at the page it names, in any browser…"
      : "Sign in in the browser window that opened and allow Rolehop access; this step goes on by itself…");
    try {
      const saved = await commands.saveSsoIdentity(value);
      this.remember(form, "sso");
      this.identity = saved.identity;
      this.arn = null;
      this.clientStep(null, `Signed in to IAM Identity Center as identity ${saved.identity}.`);
    } catch (e) {
      showSaveError(form, e);
      form.querySelector<HTMLElement>(".field.invalid input, .field.invalid select")?.focus();
      button.disabled = false;
    }
  }

  /**
   * Where MFA codes come from when nobody should type them: a command (run without a shell)
   * that prints the code. With YubiKey Manager installed, the key's accounts are offered.
   */
  private codeCommand(info: SetupInfo): HTMLElement {
    const list = h("div", { id: "yubikey-list", class: "chips", role: "group", "aria-label": "Accounts on your YubiKey" });
    const problem = h("div", { id: "yubikey-problem", class: "hint", role: "status" });
    const read = async (button: HTMLButtonElement): Promise<void> => {
      button.disabled = true;
      problem.textContent = "Reading the YubiKey…";
      render(list);
      try {
        const accounts = await commands.yubikeyAccounts();
        problem.textContent = accounts.length
          ? "Choose the account of your AWS MFA device:"
          : "The YubiKey holds no OATH accounts. Add your AWS MFA device to it first (ykman oath accounts uri, or Yubico Authenticator).";
        render(list, ...accounts.map((a) =>
          h("button", {
            type: "button",
            class: "chip",
            onclick: () => {
              const input = list.closest("form")!.querySelector<HTMLInputElement>('[name="mfaProcess"]')!;
              input.value = a.command;
              input.dispatchEvent(new Event("input", { bubbles: true }));
              input.focus();
            },
          }, a.name)));
      } catch (e) {
        problem.textContent = messageOf(e);
      } finally {
        button.disabled = false;
        // What came back is in view (above the step's sticky buttons).
        (list.lastElementChild ?? problem).scrollIntoView({ block: "nearest" });
      }
    };
    return h("details", { class: "more", id: "code-command", open: info.ykman },
      h("summary", {}, info.ykman ? "MFA codes from your YubiKey (YubiKey Manager found)" : "MFA codes from a YubiKey or a command"),
      field({
        name: "mfaProcess",
        label: "Code command",
        placeholder: "ykman oath accounts code --single 'Amazon Web Services:me@111111111111'",
        hint: "Run without a shell whenever a code is needed, instead of asking you; it prints the 6 digits. Leave empty to type codes.",
      }, ""),
      info.ykman
        ? h("div", { class: "buttons-inline" },
            h("button", { type: "button", id: "yubikey-accounts", onclick: (e: Event) => void read(e.currentTarget as HTMLButtonElement) }, "Read my YubiKey's accounts"))
        : h("p", { class: "hint" }, "For a YubiKey, install YubiKey Manager (the yubikey-manager package, command ykman) and reopen this step."),
      problem,
      list,
    );
  }

  readIdentity(form: HTMLFormElement): IdentityForm {
    return {
      identity: text(form, "identity") ?? "",
      account: text(form, "account") ?? "",
      accessKeyId: text(form, "accessKeyId") ?? "",
      secretAccessKey: form.querySelector<HTMLInputElement>('[name="secretAccessKey"]')!.value,
      mfaSerial: text(form, "mfaSerial"),
      mfaProcess: text(form, "mfaProcess"),
      region: text(form, "region"),
      partition: null,
      browser: browserChoice(form),
    };
  }

  async saveIdentity(form: HTMLFormElement): Promise<void> {
    const button = form.querySelector<HTMLButtonElement>("#save-identity")!;
    const secret = form.querySelector<HTMLInputElement>('[name="secretAccessKey"]')!;
    if (!(await submitWith(form, async () => undefined))) return;
    button.disabled = true;
    // "Checking…" is the save's own word: no as-you-type check replaces it (or AWS's answer).
    showSaveProblems(form, [], "Checking the key with AWS…");
    try {
      const saved = await commands.saveIdentity(this.readIdentity(form));
      secret.value = "";
      this.remember(form, "keys");
      this.identity = saved.identity;
      this.arn = saved.callerArn;
      this.clientStep(saved.callerArn);
    } catch (e) {
      showSaveError(form, e);
      form.querySelector<HTMLElement>(".field.invalid input, .field.invalid select")?.focus();
      button.disabled = false;
    }
  }

  /**
   * "Import them all at once": the files found on this computer (an AWS config, bookmarks
   * with switch-role links), each previewed with one click, and any file or paste.
   */
  private importOffer(): HTMLElement {
    const list = h("div", { class: "buttons-inline", id: "import-offers" });
    const draw = (found: FoundImportView[]) => render(list,
      ...found.filter((f) => !f.problem).map((f) =>
        h("button", { type: "button", class: "offer", "data-found": f.path, onclick: () => this.importStep(f.format, f.path) },
          `${f.name}: ${f.shortcuts} shortcut${f.shortcuts === 1 ? "" : "s"}`)),
      h("button", { type: "button", id: "import-other", onclick: () => this.importStep("aws-config", null) },
        found.length ? "Another file, or paste…" : "From a file, or paste…"));
    if (this.found) draw(this.found);
    else {
      draw([]);
      void commands.importFound().then((found) => {
        this.found = found;
        draw(found);
      }).catch(() => { this.found = []; });
    }
    return h("section", { class: "import-offer", id: "import-offer" },
      h("h2", {}, "Many accounts already listed somewhere?"),
      h("p", { class: "hint" }, "Import them all at once from ~/.aws/config, AWS Extend Switch Roles, or a wiki page or bookmarks of switch-role links. A preview shows every row first."),
      list);
  }

  /** An import instead of the client and shortcut steps, with the same preview as Settings. */
  importStep(format: ImportInput["format"], path: string | null): void {
    this.steps = IMPORT_STEPS;
    const holder = h("div", { class: "wizard-import", id: "wizard-import" });
    const say = h("p", { class: "form-problem", id: "import-said", role: "status" });
    const importer = new Importer(holder, (text, error) => {
      say.textContent = error ? text : "";
    }, async () => {
      try {
        this.info = await commands.setupInfo();
      } catch {
        // The counts are for the last step's words only.
      }
    }, {
      heading: false,
      imported: (added) => {
        this.imported = added.length;
        this.completed.add("Import");
        this.done();
      },
    });
    importer.preset(format, path);
    this.step(
      "Import your accounts",
      this.indicator("Import"),
      h("p", {}, "Tick what to bring in: clients come with their shortcuts. Nothing is written before “Import selected”."),
      holder,
      say,
      h("div", { class: "buttons nav" },
        h("button", { type: "button", id: "back", onclick: () => { this.steps = STEPS; this.clientStep(this.arn); } }, "Back"),
        h("button", { type: "button", id: "skip", onclick: () => this.done() }, "Skip"),
      ),
    );
    importer.show((this.info?.identities ?? []).map((id) => ({ id, account: "" })));
    if (path) {
      const form = document.getElementById("import-form");
      if (form) void importer.runPreview(form);
    } else {
      // The identity this run saved is one the links' roles may be assumed with: the list
      // is read again, and the form drawn again with what was typed meanwhile.
      void commands.setupInfo().then((info) => {
        const grew = info.identities.length !== (this.info?.identities.length ?? 0);
        this.info = info;
        const form = document.getElementById("import-form");
        if (grew && form && holder.isConnected && !importer.preview) {
          importer.input = importer.readInput(form);
          importer.show(info.identities.map((id) => ({ id, account: "" })));
        }
      }).catch(() => {});
    }
  }

  clientStep(arn: string | null, said?: string): void {
    this.steps = STEPS;
    const saved = this.client;
    const form = clientForm(saved ? { id: saved.id, name: saved.name, color: null, notes: null, link: null, browser: null } : null, this.info!.browsers);
    if (saved) form.querySelector<HTMLInputElement>('[name="id"]')!.readOnly = true;
    form.append(
      h("div", { class: "buttons" },
        h("button", { type: "button", id: "back", onclick: () => this.identityStep() }, "Back"),
        h("button", { type: "button", id: "skip", onclick: () => this.done() }, "Skip"),
        h("button", { type: "submit", class: "primary", id: "save-client" }, "Next"),
      ),
    );
    liveCheck(form, checkClient(form, !!saved));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const client = readClient(form);
      if (await submitWith(form, () => commands.saveClient(client, !!saved))) {
        this.client = { id: client.id, name: client.name };
        this.completed.add("Client");
        this.shortcutStep(client.id, client.name);
      }
    });
    this.step(
      this.again ? "Add a client" : "Your first client",
      this.indicator("Client"),
      h("p", { id: "confirmed", class: "ok" }, said ?? (arn ? `AWS confirmed the key: ${arn}` : "Identity saved.")),
      saved ? null : this.importOffer(),
      h("h2", {}, saved ? "Your client" : "Or add one client by hand"),
      h("p", {}, "A client is a customer whose AWS accounts you work in."),
      form,
    );
  }

  shortcutStep(clientId: string, clientName: string): void {
    const form = shortcutForm(null, {
      clients: [{ id: clientId, name: clientName, color: null, notes: null, link: null, browser: null }],
      identities: this.identity ? [this.identity] : [],
      browsers: this.info!.browsers,
    });
    form.append(
      h("div", { class: "buttons" },
        h("button", { type: "button", id: "back", onclick: () => this.clientStep(this.arn) }, "Back"),
        h("button", { type: "button", id: "skip", onclick: () => this.done() }, "Skip"),
        h("button", { type: "submit", class: "primary", id: "save-shortcut" }, "Add shortcut"),
      ),
    );
    liveCheck(form, checkShortcut(form, false));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const shortcut = readShortcut(form);
      if (await submitWith(form, () => commands.saveShortcut(shortcut, false))) {
        this.completed.add("Shortcut");
        this.addedShortcut = true;
        this.done(shortcut.id);
      }
    });
    this.step(this.again ? "Add a shortcut" : "Your first shortcut", this.indicator("Shortcut"), h("p", {}, `One role in one of ${clientName}'s accounts.`), form);
  }

  done(shortcut?: string): void {
    const tray = this.info?.trayHost ?? true;
    this.step(
      "Ready",
      this.indicator("Ready"),
      this.imported ? h("p", { id: "imported", class: "ok" }, `Imported ${this.imported} entr${this.imported === 1 ? "y" : "ies"}.`) : null,
      h("p", { id: "ready" }, tray
        ? `Rolehop lives in the tray: look for its icon in your panel's system tray (the notification area). ${this.hasShortcuts
          ? "Every shortcut is in its menu, grouped by client."
          : "Its menu has no shortcuts yet: add your first in Settings (tray menu → Settings…), or import them there."}`
        : "Rolehop lives in the tray, but no system tray was found on this desktop, so its icon cannot show yet. On GNOME install and enable the \"AppIndicator and KStatusNotifierItem Support\" extension (gnome-shell-extension-appindicator); elsewhere add a system tray to your panel. The switcher works without it."),
      h("ul", {},
        h("li", {}, "Press ", h("kbd", {}, HOTKEY), " anywhere for the switcher."),
        shortcut ? h("li", {}, "From a terminal: ", h("code", {}, `rolehop open ${shortcut}`)) : null,
        h("li", {}, "Add clients and shortcuts in Settings (tray menu → Settings…)."),
      ),
      h("p", { class: "form-problem", id: "open-problem", role: "alert" }),
      h("div", { class: "buttons" },
        shortcut ? h("button", { id: "open-now", onclick: () => void this.openNow(shortcut) }, `Open ${shortcut} now`) : null,
        h("button", { class: "primary", id: "finish", onclick: () => void commands.dismiss() }, "Done"),
      ),
    );
  }

  /** Opens the new shortcut's console (the tray runs it; an MFA window may follow). */
  async openNow(shortcut: string): Promise<void> {
    try {
      await commands.openShortcut(shortcut, "browser");
      await commands.dismiss();
    } catch (e) {
      const p = document.getElementById("open-problem");
      if (p) p.textContent = messageOf(e);
    }
  }
}

/**
 * Fields below the window's edge are visibly there: while the page can scroll further, the
 * sticky button bar carries a "More below" cue and a shadow, gone once the end is in view.
 */
export function followFold(root: HTMLElement): void {
  // The step's own bar (an import step's forms have button rows of their own).
  const bar = root.querySelector<HTMLElement>(".wizard .buttons.nav") ?? root.querySelector<HTMLElement>(".wizard .buttons");
  if (!bar) return;
  const cue = h("span", { class: "more-below", "aria-hidden": "true" }, "More below ↓");
  bar.prepend(cue);
  const scroller = document.scrollingElement ?? document.documentElement;
  const update = () => {
    const left = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
    bar.classList.toggle("has-more", left > 4);
  };
  update();
  window.addEventListener("scroll", update, { passive: true });
  window.addEventListener("resize", update);
  // Later changes (a problem line, an unfolded group) change the height too.
  if (typeof ResizeObserver !== "undefined") new ResizeObserver(update).observe(root);
}

if (document.body.classList.contains("page-setup")) void new Wizard(byId("app")).start();
