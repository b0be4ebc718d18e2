// The setup wizard (first run, and from settings): keychain check, identity (the secret goes
// to the OS keychain after AWS confirmed the key, and is cleared from the form at once),
// default browser, first client and shortcut, then where to find things.
import { commands, type SetupInfo } from "./bindings";
import { byId, h, render } from "./lib/dom";
import { fieldsOf, messageOf } from "./lib/errors";
import { checkClient, checkShortcut, clientForm, liveCheck, readClient, readShortcut, shortcutForm, submitWith, browserOptions } from "./lib/entries";
import { field, showProblems, text } from "./lib/forms";

const HOTKEY = navigator.platform.startsWith("Mac") ? "Cmd+Option+Space" : "Ctrl+Alt+Space";

export class Wizard {
  info: SetupInfo | null = null;
  identity: string | null = null;

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
    this.root.querySelector<HTMLElement>("input, select, button")?.focus();
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

  identityStep(): void {
    const info = this.info!;
    const form = h(
      "form",
      { id: "identity-form", class: "entry", novalidate: true },
      h("p", {}, "Your IAM user in your home account. Its access key goes to the OS keychain and nowhere else."),
      field({ name: "identity", label: "Name for this identity", required: true, placeholder: "me" }, info.identities.length ? "" : "me"),
      field({ name: "account", label: "Home account id", required: true, placeholder: "111111111111", inputmode: "numeric" }, ""),
      field({ name: "accessKeyId", label: "Access key id", required: true, placeholder: "AKIA…" }, ""),
      field({ name: "secretAccessKey", label: "Secret access key", type: "password", required: true, autocomplete: "new-password", hint: "Stored in the keychain; never shown again." }, ""),
      field({ name: "mfaSerial", label: "MFA device ARN", placeholder: "arn:aws:iam::111111111111:mfa/me", hint: "Roles that require MFA need it." }, ""),
      field({ name: "region", label: "Default region", placeholder: "us-east-1" }, ""),
      field(
        { name: "browser", label: "Open consoles in", type: "select", options: browserOptions(info.browsers, "First browser found") },
        info.defaultBrowser ?? info.browsers[0]?.kind ?? "",
      ),
      h("div", { class: "form-problem", role: "alert" }),
      h("div", { class: "buttons" }, h("button", { type: "submit", class: "primary", id: "save-identity" }, "Check with AWS and save")),
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.saveIdentity(form);
    });
    this.step("Set up Rolehop", form);
  }

  async saveIdentity(form: HTMLFormElement): Promise<void> {
    const button = form.querySelector<HTMLButtonElement>("#save-identity")!;
    const secret = form.querySelector<HTMLInputElement>('[name="secretAccessKey"]')!;
    button.disabled = true;
    showProblems(form, [], "Checking the key with AWS…");
    try {
      const saved = await commands.saveIdentity({
        identity: text(form, "identity") ?? "",
        account: text(form, "account") ?? "",
        accessKeyId: text(form, "accessKeyId") ?? "",
        secretAccessKey: secret.value,
        mfaSerial: text(form, "mfaSerial"),
        region: text(form, "region"),
        partition: null,
        browser: text(form, "browser"),
      });
      secret.value = "";
      this.identity = saved.identity;
      this.clientStep(saved.callerArn);
    } catch (e) {
      const fields = fieldsOf(e);
      showProblems(form, fields, fields.length ? undefined : messageOf(e));
      button.disabled = false;
    }
  }

  clientStep(arn: string | null): void {
    const form = clientForm(null, this.info!.browsers);
    form.append(
      h("div", { class: "buttons" },
        h("button", { type: "button", id: "skip", onclick: () => this.done() }, "Skip"),
        h("button", { type: "submit", class: "primary", id: "save-client" }, "Next"),
      ),
    );
    liveCheck(form, checkClient(form, false));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const client = readClient(form);
      if (await submitWith(form, () => commands.saveClient(client, false))) this.shortcutStep(client.id, client.name);
    });
    this.step(
      "Your first client",
      h("p", { id: "confirmed", class: "ok" }, arn ? `AWS confirmed the key: ${arn}` : "Identity saved."),
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
        h("button", { type: "button", id: "skip", onclick: () => this.done() }, "Skip"),
        h("button", { type: "submit", class: "primary", id: "save-shortcut" }, "Add shortcut"),
      ),
    );
    liveCheck(form, checkShortcut(form, false));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const shortcut = readShortcut(form);
      if (await submitWith(form, () => commands.saveShortcut(shortcut, false))) this.done(shortcut.id);
    });
    this.step("Your first shortcut", h("p", {}, `One role in one of ${clientName}'s accounts.`), form);
  }

  done(shortcut?: string): void {
    this.step(
      "Ready",
      h("p", { id: "ready" }, "Rolehop lives in the tray: every shortcut is in its menu, grouped by client."),
      h("ul", {},
        h("li", {}, "Press ", h("kbd", {}, HOTKEY), " anywhere for the switcher."),
        shortcut ? h("li", {}, "From a terminal: ", h("code", {}, `rolehop open ${shortcut}`)) : null,
        h("li", {}, "Add clients and shortcuts in Settings (tray menu → Settings…)."),
      ),
      h("div", { class: "buttons" }, h("button", { class: "primary", id: "finish", onclick: () => void commands.dismiss() }, "Done")),
    );
  }
}

if (document.body.classList.contains("page-setup")) void new Wizard(byId("app")).start();
