import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ImportInput, ImportPreview, SettingsView, ShortcutForm } from "../src/bindings";
import { Settings } from "../src/settings";

const view = (): SettingsView => ({
  catalogPath: "/home/me/.config/rolehop/catalog.toml",
  identities: [{ id: "alice", account: "111111111111", mfaSerial: null, partition: "aws", region: null, hasKeys: true, ssoStartUrl: null, mfaProcess: null, mfaProcessConfirmed: false }],
  clients: [{ id: "acme", name: "Acme Corp", color: "#d13212", notes: null, link: null, browser: null }],
  shortcuts: [],
  defaultBrowser: "chromium",
  profileLayout: "shared",
  browsers: [{ kind: "chromium", program: "/usr/bin/chromium" }],
  autostart: false,
  hotkey: "Ctrl+Alt+Space",
  trustLinks: false,
  terminal: { command: null, default: "gnome-terminal", missing: null },
  live: { renewInPlace: true, journal: true, keepDays: 90 },
  layered: [],
  layers: [],
  conflicts: [],
  layerSources: [],
  discoveries: [],
  hasUrlLayers: false,
});

const preview = (): ImportPreview => ({
  source: "pasted text",
  rows: [
    { key: "client:globex", kind: "client", id: "globex", from: null, summary: "globex", status: "new", detail: null, notes: [], proposedTags: [], writable: true },
    { key: "shortcut:globex-prod", kind: "shortcut", id: "globex-prod", from: "globex-prod:1", summary: "333333333333 Admin, client globex", status: "new", detail: null, notes: ["tagged prod (its name says production): its console is marked as production"], proposedTags: ["prod"], writable: true },
    { key: "shortcut:globex-dev", kind: "shortcut", id: "globex-dev", from: "globex-dev:4", summary: "444444444444 Dev, client globex", status: "new", detail: null, notes: ["`image` is not carried over"], proposedTags: [], writable: true },
    { key: "shortcut:acme-prod", kind: "shortcut", id: "acme-prod", from: "acme-prod:7", summary: "222222222222 Admin", status: "unchanged", detail: null, notes: [], proposedTags: [], writable: false },
  ],
  skipped: [{ profile: "broken", line: 10, reason: "no `role_arn`: nothing to open" }],
});

const flush = () => new Promise((r) => setTimeout(r, 0));
let state: SettingsView;
let calls: { cmd: string; args: Record<string, unknown> }[];

beforeEach(() => {
  document.body.innerHTML = '<main id="app"></main>';
  state = view();
  calls = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    switch (cmd) {
      case "settings_view":
        return structuredClone(state);
      case "save_shortcut": {
        const form = (args as { form: ShortcutForm }).form;
        if (form.account !== "222222222222") {
          throw { kind: "invalid_input", message: "the catalog would not be valid", fields: [{ field: "account", message: "`1` is not an AWS account id" }] };
        }
        state.shortcuts.push(form);
        return null;
      }
      case "copy_link":
        return `rolehop://open/${(args as { id: string }).id}`;
      case "set_autostart":
        return (args as { enabled: boolean }).enabled;
      case "set_terminal": {
        const command = (args as { command: string | null }).command;
        if (command === "{command}") {
          throw { kind: "invalid_input", message: "cannot be used", fields: [{ field: "terminal", message: "it must start with the terminal program, not {command}" }] };
        }
        state.terminal = { command, default: "gnome-terminal", missing: null };
        return state.terminal;
      }
      case "set_live": {
        const next = (args as { settings: SettingsView["live"] }).settings;
        if (next.keepDays > 3650) {
          throw { kind: "invalid_input", message: "A whole number of days from 1 to 3650.", fields: [{ field: "keepDays", message: "A whole number of days from 1 to 3650." }] };
        }
        state.live = next;
        return state.live;
      }
      case "set_profile_layout":
        state.profileLayout = (args as { layout: SettingsView["profileLayout"] }).layout;
        return null;
      case "import_preview": {
        const input = (args as { input: ImportInput }).input;
        if (input.clientPattern === "^[a-z]+") {
          throw { kind: "config", message: "bad pattern", fields: [{ field: "clientPattern", message: "it needs a group named `client`" }] };
        }
        return preview();
      }
      case "discover_run": {
        const a = args as { id: string; apply: boolean };
        return {
          id: a.id, accounts: 61, shortcuts: 60, clients: 4, refresh: true, applied: a.apply,
          changes: [
            { change: "appeared", id: "newcomer", account: "999999999999", detail: "newcomer" },
            { change: "flagged", id: null, account: "888888888888", detail: "old: SUSPENDED, left out" },
          ],
        };
      }
      case "check_layer": {
        const form = (args as { form: { id: string; location: string } }).form;
        return form.location.startsWith("ftp:") ? [{ field: "location", message: "a team layer URL must be https" }] : [];
      }
      case "save_layer": {
        const form = (args as { form: { id: string; location: string } }).form;
        if (form.location.startsWith("ftp:")) {
          throw { kind: "invalid_input", message: "the catalog would not be valid", fields: [{ field: "location", message: "a team layer URL must be https" }] };
        }
        state.layerSources.push(form);
        state.layers.push({ layer: form.id, file: form.location, entries: 3, problem: null });
        return [];
      }
      case "remove_layer":
        state.layerSources = state.layerSources.filter((l) => l.id !== (args as { id: string }).id);
        return null;
      case "save_discovery":
        state.discoveries.push((args as { form: SettingsView["discoveries"][number] }).form);
        return null;
      case "import_apply":
        return { added: (args as { accept: string[] }).accept, replaced: [] };
      case "save_client": {
        const form = (args as { form: SettingsView["clients"][number] }).form;
        state.clients.push(form);
        return null;
      }
      case "link_proposal":
        return {
          link: (args as { text: string }).text,
          client: { id: "initech", name: "Initech", color: "#00ff00", notes: null, link: null, browser: null },
          newClient: true,
          shortcut: { id: "initech-prod", client: "initech", label: "Initech Prod", account: "222222222222", role: "Admin", identity: null, via: null, region: null, destination: null, session: null, duration: null, externalId: null, browser: null, pinned: false, tags: ["prod"] },
          identityNeeded: false,
        };
      case "check_shortcut": {
        const form = (args as { form: ShortcutForm }).form;
        return state.clients.some((c) => c.id === form.client) ? [] : [{ field: "client", message: `no client \`${form.client}\`` }];
      }
      case "import_found":
        return [{ format: "aws-config", path: "/home/me/.aws/config", name: "AWS config", shortcuts: 4, problem: null }];
      case "sso_sign_in": {
        const id = (args as { identity: string }).identity;
        state.identities = state.identities.map((i) => (i.id === id ? { ...i, hasKeys: true } : i));
        return null;
      }
      case "confirm_mfa_process": {
        const { identity } = args as { identity: string; command: string };
        state.identities = state.identities.map((i) => (i.id === identity ? { ...i, mfaProcessConfirmed: true } : i));
        return null;
      }
      case "set_hotkey":
        throw { kind: "invalid_input", message: "bad", fields: [{ field: "hotkey", message: "`Hyper+X` is not a key combination like Ctrl+Alt+Space" }] };
      default:
        return null;
    }
  });
});
afterEach(() => clearMocks());

const set = (form: Element, name: string, value: string) => {
  const el = form.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
  el.value = value;
};

describe("settings", () => {
  it("adds a shortcut, showing the validator's problem on its field first", async () => {
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    (document.getElementById("add-shortcut") as HTMLButtonElement).click();
    const form = document.getElementById("shortcut-form")!;
    set(form, "id", "acme-prod");
    set(form, "account", "1");
    set(form, "role", "Admin");
    form.dispatchEvent(new Event("submit"));
    await flush();
    await flush();
    expect(form.querySelector('.field[data-field="account"] .problem')?.textContent).toContain("not an AWS account id");
    // The refused submit puts the cursor in the field to fix.
    expect(document.activeElement?.getAttribute("name")).toBe("account");
    set(form, "account", "222222222222");
    form.dispatchEvent(new Event("submit"));
    await flush();
    await flush();
    await flush();
    expect(document.getElementById("notice")?.textContent).toBe("Saved shortcut acme-prod; the tray menu has it.");
    expect(document.querySelector('#shortcut-list tr[data-id="acme-prod"]')).not.toBeNull();
    const saved = calls.filter((c) => c.cmd === "save_shortcut").at(-1)!;
    expect(saved.args.replace).toBe(false);
    expect((saved.args.form as ShortcutForm).client).toBe("acme");
  });

  it("keeps a saved-change banner to its page, and starts a new shortcut in the client last saved", async () => {
    state.clients.push({ id: "globex", name: "Globex", color: null, notes: null, link: null, browser: null });
    clearMocks();
    mockIPC((cmd, args) => {
      calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
      if (cmd === "settings_view") return structuredClone(state);
      return null;
    });
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    s.show("clients");
    s.editClient(state.clients[1]);
    document.getElementById("client-form")!.dispatchEvent(new Event("submit"));
    await flush();
    await flush();
    expect(document.getElementById("notice")!.textContent).toBe("Saved client Globex.");
    // Another page: the banner goes.
    s.show("shortcuts");
    expect(document.getElementById("notice")!.textContent).toBe("");
    // A new shortcut starts in the client just saved, not the first one.
    (document.getElementById("add-shortcut") as HTMLButtonElement).click();
    expect(document.querySelector<HTMLSelectElement>('#shortcut-form [name="client"]')!.value).toBe("globex");
    s.say("Saved something.");
    s.editShortcut(null);
    expect(document.getElementById("notice")!.textContent).toBe("");
  });

  it("copies a shortcut's rolehop:// link and says what it copied", async () => {
    state.shortcuts.push({ id: "acme-prod", client: "acme", label: "Prod", account: "222222222222", role: "Admin", identity: null, via: null, region: null, destination: null, session: null, duration: null, externalId: null, browser: null, pinned: false, tags: [] });
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    const row = document.querySelector('#shortcut-list tr[data-id="acme-prod"]')!;
    row.querySelector<HTMLButtonElement>("button.copy-link")!.click();
    await flush();
    expect(calls.filter((c) => c.cmd === "copy_link")).toEqual([{ cmd: "copy_link", args: { id: "acme-prod" } }]);
    expect(document.body.textContent).toContain("Copied rolehop://open/acme-prod");
  });

  it("shows an Identity Center identity's portal and signs it in from its row", async () => {
    state.identities.push({ id: "work", account: "", mfaSerial: null, partition: "aws", region: null, hasKeys: false, ssoStartUrl: "https://my-org.awsapps.com/start", mfaProcess: null, mfaProcessConfirmed: false });
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    s.show("identities");
    const row = document.querySelector('#identity-list tr[data-id="work"]')!;
    expect(row.textContent).toContain("IAM Identity Center");
    expect(row.textContent).toContain("https://my-org.awsapps.com/start");
    (row.querySelector('[data-sign-in="work"]') as HTMLButtonElement).click();
    await flush();
    expect(calls.some((c) => c.cmd === "sso_sign_in" && c.args.identity === "work")).toBe(true);
    expect(document.querySelector('#identity-list tr[data-id="work"]')!.textContent).toContain("signed in");
    expect(document.getElementById("notice")!.textContent).toContain("Identity work is signed in.");
  });

  it("shows an imported MFA code command in full and runs it only once allowed", async () => {
    const command = "ykman oath accounts code --single 'Amazon Web Services:jane@111111111111'";
    state.identities.push({ id: "jane", account: "111111111111", mfaSerial: "arn:aws:iam::111111111111:mfa/jane", partition: "aws", region: null, hasKeys: true, ssoStartUrl: null, mfaProcess: command, mfaProcessConfirmed: false });
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    s.show("identities");
    const row = () => document.querySelector('#identity-list tr[data-id="jane"]')!;
    expect(row().querySelector("code.command")!.textContent).toBe(command);
    expect(row().textContent).toContain("not allowed yet");
    (row().querySelector('[data-allow="jane"]') as HTMLButtonElement).click();
    await flush();
    await flush();
    expect(calls.find((c) => c.cmd === "confirm_mfa_process")?.args).toEqual({ identity: "jane", command });
    expect(row().textContent).not.toContain("not allowed yet");
    expect(row().textContent).toContain(command);
  });

  it("adds an Identity Center source for a signed-in identity", async () => {
    state.identities.push({ id: "work", account: "", mfaSerial: null, partition: "aws", region: null, hasKeys: true, ssoStartUrl: "https://my-org.awsapps.com/start", mfaProcess: null, mfaProcessConfirmed: false });
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    s.show("sources");
    const form = document.getElementById("sso-discovery-form") as HTMLFormElement;
    expect((form.querySelector('[name="identity"]') as HTMLSelectElement).value).toBe("work");
    form.requestSubmit();
    await flush();
    await flush();
    const saved = calls.find((c) => c.cmd === "save_discovery")!.args.form;
    expect(saved).toEqual({ id: "sso", via: "", identity: "work", role: null, groupBy: null, region: null });
    expect(document.querySelector('[data-discovery="sso"]')).not.toBeNull();
    expect(document.getElementById("sources")!.textContent).toContain("IAM Identity Center, what identity work can open");
  });

  it("arrow keys move between tabs", async () => {
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    document.getElementById("tab-shortcuts")!.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
    expect(s.tab).toBe("clients");
    expect(document.getElementById("client-list")?.textContent).toContain("Acme Corp");
  });

  it("autostart and hotkey go to the shell; a refused hotkey says why", async () => {
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    s.show("general");
    const box = document.querySelector<HTMLInputElement>('[name="autostart"]')!;
    box.checked = true;
    box.dispatchEvent(new Event("change"));
    await flush();
    expect(calls.find((c) => c.cmd === "set_autostart")?.args).toEqual({ enabled: true });
    expect(document.getElementById("notice")?.textContent).toBe("Rolehop starts at login.");
    const hotkey = document.getElementById("hotkey-form")!;
    const recorder = hotkey.querySelector<HTMLInputElement>('[name="hotkey"]')!;
    const use = document.getElementById("use-hotkey") as HTMLButtonElement;
    // Recorded by pressing, not typed: the field is read-only and Save waits for a change.
    expect(recorder.readOnly).toBe(true);
    expect(use.disabled).toBe(true);
    const press = (init: KeyboardEventInit) => recorder.dispatchEvent(new KeyboardEvent("keydown", { bubbles: true, cancelable: true, ...init }));
    recorder.focus();
    press({ key: "Control", code: "ControlLeft", ctrlKey: true });
    expect(recorder.value).toBe("Ctrl+…");
    press({ key: "K", code: "KeyK", ctrlKey: true, shiftKey: true });
    expect(recorder.value).toBe("Ctrl+Shift+K");
    expect(use.disabled).toBe(false);
    // A letter alone is not taken.
    press({ key: "k", code: "KeyK" });
    expect(hotkey.querySelector(".problem")!.textContent).toContain("Hold Ctrl, Alt, Shift or Super");
    expect(use.disabled).toBe(true);
    // Escape puts back what was there when the field got the focus (and does not close Settings).
    press({ key: "Escape", code: "Escape" });
    expect(recorder.value).toBe("Ctrl+Alt+Space");
    expect(calls.some((c) => c.cmd === "dismiss")).toBe(false);
    recorder.focus();
    press({ key: "F8", code: "F8" });
    expect(recorder.value).toBe("F8");
    hotkey.dispatchEvent(new Event("submit"));
    await flush();
    await flush();
    expect(calls.find((c) => c.cmd === "set_hotkey")?.args).toEqual({ hotkey: "F8" });
    // The shell refuses it (here: the mock refuses every one): the reason is on the field.
    expect(hotkey.querySelector('.field[data-field="hotkey"] .problem')?.textContent).toContain("not a key combination");
  });

  it("chooses how Chromium consoles are laid out, shared by default", async () => {
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    s.show("general");
    const select = document.querySelector<HTMLSelectElement>('[name="profileLayout"]')!;
    expect(select.value).toBe("shared");
    expect(select.closest("section")?.id).toBe("general-browser");
    select.value = "separate";
    select.dispatchEvent(new Event("change"));
    await flush();
    expect(calls.find((c) => c.cmd === "set_profile_layout")?.args).toEqual({ layout: "separate" });
    expect(state.profileLayout).toBe("separate");
    expect(document.getElementById("notice")?.textContent).toBe("New consoles open in a browser of their own.");
  });

  it("keeps a terminal command, shows the default, and puts a refusal on the field", async () => {
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    s.show("general");
    const form = document.getElementById("terminal-form") as HTMLFormElement;
    const input = form.querySelector<HTMLInputElement>('[name="terminal"]')!;
    expect(input.closest("section")?.id).toBe("general-terminal");
    expect(input.placeholder).toBe("Default here: gnome-terminal");
    input.value = "{command}";
    form.dispatchEvent(new Event("submit"));
    await flush();
    await flush();
    expect(form.querySelector('.field[data-field="terminal"] .problem')?.textContent).toContain("terminal program");
    input.value = "  alacritty -e {command} ";
    form.dispatchEvent(new Event("submit"));
    await flush();
    await flush();
    expect(calls.filter((c) => c.cmd === "set_terminal").at(-1)?.args).toEqual({ command: "alacritty -e {command}" });
    expect(document.getElementById("notice")?.textContent).toBe("Open terminal runs: alacritty -e {command}");
    // Blank goes back to the default.
    input.value = "";
    form.dispatchEvent(new Event("submit"));
    await flush();
    await flush();
    expect(calls.filter((c) => c.cmd === "set_terminal").at(-1)?.args).toEqual({ command: null });
    expect(document.getElementById("notice")?.textContent).toContain("gnome-terminal");
  });

  it("turns renewal in place and the journal off and on, and keeps the journal's days", async () => {
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    s.show("general");
    const renew = document.querySelector<HTMLInputElement>('[name="renew-in-place"]')!;
    const journal = document.querySelector<HTMLInputElement>('[name="journal"]')!;
    expect(renew.closest("section")?.id).toBe("general-consoles");
    expect(renew.checked && journal.checked).toBe(true);
    renew.checked = false;
    renew.dispatchEvent(new Event("change"));
    await flush();
    await flush();
    expect(calls.filter((c) => c.cmd === "set_live").at(-1)?.args).toEqual({ settings: { renewInPlace: false, journal: true, keepDays: 90 } });
    expect(document.getElementById("notice")?.textContent).toContain("not renewed in place");
    journal.checked = false;
    journal.dispatchEvent(new Event("change"));
    await flush();
    await flush();
    expect(state.live).toEqual({ renewInPlace: false, journal: false, keepDays: 90 });
    // A keep out of range is named on its field, checked in the window and by the app.
    const form = document.getElementById("keep-form") as HTMLFormElement;
    const days = form.querySelector<HTMLInputElement>('[name="keepDays"]')!;
    days.value = "0";
    form.dispatchEvent(new Event("submit"));
    await flush();
    expect(form.querySelector('.field[data-field="keepDays"] .problem')?.textContent).toContain("1 to 3650");
    expect(calls.filter((c) => c.cmd === "set_live").length).toBe(2);
    days.value = "30";
    form.dispatchEvent(new Event("submit"));
    await flush();
    await flush();
    expect(state.live.keepDays).toBe(30);
    expect(document.getElementById("notice")?.textContent).toBe("Journal entries are kept 30 days.");
  });

  it("shows the identities' key status without any secret", async () => {
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    s.show("identities");
    expect(document.getElementById("identity-list")?.textContent).toContain("key stored");
  });

  it("shows team entries as read-only with their origin, and the layers with their problems", async () => {
    state.shortcuts.push({ id: "globex-prod", client: "acme", label: null, account: "333333333333", role: "ReadOnly", identity: null, via: null, region: null, destination: null, session: null, duration: null, externalId: null, browser: null, pinned: false, tags: [] });
    state.layered = [{ kind: "shortcut", id: "globex-prod", origin: "team" }];
    state.layers = [
      { layer: "team", file: "/srv/team/catalog.toml", entries: 1, problem: null },
      { layer: "evil", file: "/srv/team/evil.toml", entries: 0, problem: "/srv/team/evil.toml:1: browser_command: a team layer cannot choose a browser command" },
    ];
    state.layerSources = [{ id: "team", location: "/srv/team/catalog.toml" }, { id: "evil", location: "/srv/team/evil.toml" }];
    state.conflicts = [{ kind: "shortcut", id: "acme-prod", kept: "personal", ignored: "team" }];
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    const row = document.querySelector('#shortcut-list tr[data-id="globex-prod"]')!;
    expect(row.textContent).toContain("from team (read-only)");
    // A read-only entry can be linked to, not edited or removed.
    expect([...row.querySelectorAll("button")].map((b) => b.textContent)).toEqual(["Copy link"]);
    s.show("sources");
    const sources = document.getElementById("sources")!.textContent!;
    expect(sources).toContain("1 entry, read-only");
    expect(sources).toContain("Not used: /srv/team/evil.toml:1");
    expect(sources).toContain("shortcut acme-prod: personal is used, team is ignored");
  });

  it("previews pasted Extend Switch Roles text and imports only the ticked rows", async () => {
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    s.show("import");
    const form = document.getElementById("import-form")!;
    const format = form.querySelector<HTMLSelectElement>('[name="format"]')!;
    format.value = "switch-roles";
    format.dispatchEvent(new Event("change"));
    expect((form.querySelector('[data-field="path"]') as HTMLElement).hidden).toBe(true);
    form.querySelector<HTMLTextAreaElement>('[name="text"]')!.value = "[globex-prod]\nrole_arn = arn:aws:iam::333333333333:role/Admin\n";
    (document.getElementById("import-preview") as HTMLButtonElement).click();
    await flush();
    const sent = calls.find((c) => c.cmd === "import_preview")!.args.input as ImportInput;
    expect(sent.format).toBe("switch-roles");
    expect(sent.text).toContain("globex-prod");
    expect(sent.path).toBeNull();
    expect(sent.moveKeys).toBe(false);
    expect((form.querySelector('[data-field="moveKeys"]') as HTMLElement).hidden).toBe(true);
    const boxes = [...document.querySelectorAll<HTMLInputElement>("#import-rows input.accept")];
    expect(boxes.map((b) => b.value)).toEqual(["client:globex", "shortcut:globex-prod", "shortcut:globex-dev"]);
    // The prod tag the import proposes is a ticked box of its own, saying why, instead of a note.
    const prodRow = document.querySelector('#import-rows tr[data-key="shortcut:globex-prod"]')!;
    const tag = prodRow.querySelector<HTMLInputElement>("input.proposed-tag")!;
    expect(tag.checked).toBe(true);
    expect(prodRow.textContent).toContain("Production: tag prod");
    expect(prodRow.textContent).toContain("its name says production");
    expect(prodRow.textContent).not.toContain("tagged prod");
    expect(document.querySelectorAll('#import-rows tr[data-key="shortcut:globex-dev"] input.proposed-tag')).toHaveLength(0);
    tag.click();
    expect(document.querySelector('#import-rows tr[data-key="shortcut:acme-prod"]')!.textContent).toContain("already there");
    expect(document.getElementById("import-skipped")!.textContent).toContain("broken:10");
    boxes[2].click();
    (document.getElementById("import-apply") as HTMLButtonElement).click();
    await flush();
    await flush();
    const applied = calls.find((c) => c.cmd === "import_apply")!.args;
    expect(applied.accept).toEqual(["client:globex", "shortcut:globex-prod"]);
    expect(applied.declined).toEqual([{ shortcut: "globex-prod", tag: "prod" }]);
    expect(document.getElementById("notice")!.textContent).toContain("Imported 2 entries");
  });

  it("asks whose keys assume imported links' roles when there are several identities", async () => {
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    s.show("import");
    let form = document.getElementById("import-form")!;
    let format = form.querySelector<HTMLSelectElement>('[name="format"]')!;
    format.value = "links";
    format.dispatchEvent(new Event("change"));
    // One identity: nothing to choose.
    expect((form.querySelector('[data-field="identity"]') as HTMLElement).hidden).toBe(true);
    state.identities.push({ id: "bob", account: "111111111111", mfaSerial: null, partition: "aws", region: null, hasKeys: true, ssoStartUrl: null, mfaProcess: null, mfaProcessConfirmed: false });
    await s.load();
    s.show("import");
    form = document.getElementById("import-form")!;
    format = form.querySelector<HTMLSelectElement>('[name="format"]')!;
    format.value = "links";
    format.dispatchEvent(new Event("change"));
    expect((form.querySelector('[data-field="identity"]') as HTMLElement).hidden).toBe(false);
    form.querySelector<HTMLSelectElement>('[name="identity"]')!.value = "bob";
    form.querySelector<HTMLTextAreaElement>('[name="text"]')!.value = "https://signin.aws.amazon.com/switchrole?roleName=Admin&account=333333333333";
    (document.getElementById("import-preview") as HTMLButtonElement).click();
    await flush();
    const sent = calls.filter((c) => c.cmd === "import_preview").at(-1)!.args.input as ImportInput;
    expect(sent.format).toBe("links");
    expect(sent.identity).toBe("bob");
  });

  it("puts a bad client pattern on its field", async () => {
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    s.show("import");
    const form = document.getElementById("import-form")!;
    form.querySelector<HTMLInputElement>('[name="clientPattern"]')!.value = "^[a-z]+";
    (document.getElementById("import-preview") as HTMLButtonElement).click();
    await flush();
    expect(form.querySelector('[data-field="clientPattern"]')!.textContent).toContain("group named “client”");
    expect(document.getElementById("import-rows")).toBeNull();
  });

  it("runs a discovery source, shows what changed, and saves it on request", async () => {
    state.discoveries = [{ id: "org", via: "acme-prod", identity: null, role: null, groupBy: null, region: null }];
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    s.show("sources");
    (document.querySelector('[data-discovery="org"]') as HTMLButtonElement).click();
    await flush();
    await flush();
    const result = document.getElementById("source-result")!.textContent!;
    expect(result).toContain("org: 61 accounts → 60 shortcuts in 4 clients.");
    expect(result).toContain("+ newcomer 999999999999");
    expect(result).toContain("SUSPENDED, left out");
    expect(calls.filter((c) => c.cmd === "discover_run").map((c) => c.args.apply)).toEqual([false]);
    (document.getElementById("discovery-save") as HTMLButtonElement).click();
    await flush();
    await flush();
    expect(calls.filter((c) => c.cmd === "discover_run").map((c) => c.args.apply)).toEqual([false, true]);
    expect(document.getElementById("notice")!.textContent).toContain("Saved org: 60 shortcuts in 4 clients");
  });

  it("adds a team catalog (its problem on the location first), removes it after asking, and adds an organization", async () => {
    state.shortcuts.push({ id: "acme-prod", client: "acme", label: "Production", account: "222222222222", role: "Admin", identity: null, via: null, region: null, destination: null, session: null, duration: null, externalId: null, browser: null, pinned: false, tags: [] });
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    s.show("sources");
    expect(document.getElementById("no-sources")).not.toBeNull();
    let form = document.getElementById("layer-form")!;
    // Required fields are said before anything is sent.
    form.dispatchEvent(new Event("submit"));
    await flush();
    expect(form.querySelector('[data-field="id"] .problem')!.textContent).toBe("Required.");
    expect(calls.some((c) => c.cmd === "save_layer")).toBe(false);
    set(form, "id", "team");
    set(form, "location", "ftp://example.com/c.toml");
    form.dispatchEvent(new Event("submit"));
    await flush();
    await flush();
    expect(form.querySelector('[data-field="location"] .problem')!.textContent).toContain("must be https");
    expect(document.activeElement?.getAttribute("name")).toBe("location");
    set(form, "location", "~/src/team-catalog");
    form.dispatchEvent(new Event("submit"));
    await flush();
    await flush();
    await flush();
    expect(document.getElementById("notice")!.textContent).toBe("Added the team catalog team; the tray menu has its shortcuts.");
    const row = document.querySelector('[data-source="layer-team"]')!;
    expect(row.textContent).toContain("~/src/team-catalog");
    expect(row.textContent).toContain("3 entries, read-only");
    // Remove asks on the row; Keep leaves it.
    (row.querySelector('[data-remove="layer-team"]') as HTMLButtonElement).click();
    expect(row.textContent).toContain("its files are not touched");
    (row.querySelector('[aria-label="Keep team"]') as HTMLButtonElement).click();
    expect(calls.some((c) => c.cmd === "remove_layer")).toBe(false);
    (row.querySelector('[data-remove="layer-team"]') as HTMLButtonElement).click();
    expect(document.activeElement?.getAttribute("data-confirm")).toBe("layer-team");
    (row.querySelector('[data-confirm="layer-team"]') as HTMLButtonElement).click();
    await flush();
    await flush();
    expect(calls.filter((c) => c.cmd === "remove_layer").map((c) => c.args.id)).toEqual(["team"]);
    expect(document.querySelector('[data-source="layer-team"]')).toBeNull();
    expect(document.getElementById("notice")!.textContent).toBe("Removed the team catalog team.");

    form = document.getElementById("discovery-form")!;
    expect([...form.querySelectorAll('[name="via"] option')].map((o) => o.textContent)).toContain("Production (acme-prod)");
    set(form, "id", "org");
    set(form, "via", "acme-prod");
    set(form, "groupBy", "tag:client");
    form.dispatchEvent(new Event("submit"));
    await flush();
    await flush();
    await flush();
    const saved = calls.find((c) => c.cmd === "save_discovery")!.args.form;
    expect(saved).toEqual({ id: "org", via: "acme-prod", identity: null, role: null, groupBy: "tag:client", region: null });
    expect(document.querySelector('[data-discovery="org"]')).not.toBeNull();
    expect(document.getElementById("notice")!.textContent).toContain("Added the organization org.");
  });
});

describe("pages other windows send the person to", () => {
  it("the form filled from a pasted link shows the link, proposes its new client, and adds both", async () => {
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    const link = "https://signin.aws.amazon.com/switchrole?roleName=Admin&account=222222222222&displayName=Initech%20Prod";
    await s.go({ page: "addFromLink", link });
    expect(document.getElementById("from-link")!.textContent).toContain(link);
    const form = document.getElementById("shortcut-form") as HTMLFormElement;
    const value = (name: string) => form.querySelector<HTMLInputElement>(`[name="${name}"]`)!.value;
    expect([value("id"), value("client"), value("account"), value("role"), value("label"), value("tags")]).toEqual(["initech-prod", "initech", "222222222222", "Admin", "Initech Prod", "prod"]);
    expect(document.getElementById("new-client")!.hidden).toBe(false);
    expect(value("newClientName")).toBe("Initech");
    // The check does not call the client that comes with the Add unknown.
    form.querySelector('[name="label"]')!.dispatchEvent(new Event("input", { bubbles: true }));
    form.querySelector('[name="client"]')!.dispatchEvent(new Event("change", { bubbles: true }));
    await new Promise((r) => setTimeout(r, 300));
    expect(form.querySelector('.field[data-field="client"]')!.classList.contains("invalid")).toBe(false);
    set(form, "newClientName", "Initech Inc");
    form.requestSubmit(document.getElementById("save-shortcut") as HTMLButtonElement);
    await flush();
    await flush();
    const order = calls.filter((c) => c.cmd === "save_client" || c.cmd === "save_shortcut").map((c) => c.cmd);
    expect(order).toEqual(["save_client", "save_shortcut"]);
    expect(calls.find((c) => c.cmd === "save_client")!.args.form).toMatchObject({ id: "initech", name: "Initech Inc", color: "#00ff00" });
    expect(calls.find((c) => c.cmd === "save_shortcut")!.args.form).toMatchObject({ id: "initech-prod", client: "initech", tags: ["prod"] });
    expect(document.getElementById("notice")!.textContent).toContain("Added shortcut initech-prod from the link");
  });

  it("an empty list offers the import, which shows what it found on this computer", async () => {
    state.clients = [];
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    expect(document.getElementById("no-shortcuts")!.textContent).toContain("No shortcuts yet");
    (document.querySelector("#no-shortcuts button.import-now") as HTMLButtonElement).click();
    await flush();
    expect(document.getElementById("import-form")).not.toBeNull();
    expect(document.getElementById("tab-import")!.getAttribute("aria-selected")).toBe("true");
    const found = document.querySelector<HTMLButtonElement>('#import-found button[data-found="/home/me/.aws/config"]')!;
    expect(document.getElementById("import-found")!.textContent).toContain("4 shortcuts to preview");
    found.click();
    await flush();
    const sent = calls.filter((c) => c.cmd === "import_preview").at(-1)!.args.input as ImportInput;
    expect(sent).toMatchObject({ format: "aws-config", path: "/home/me/.aws/config" });
  });

  it("Import and a new shortcut's form are pages too; a changed form is left only when the person says so", async () => {
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    await s.go({ page: "addShortcut" });
    const form = document.getElementById("shortcut-form") as HTMLFormElement;
    set(form, "id", "typed");
    form.dispatchEvent(new Event("input", { bubbles: true }));
    const confirm = window.confirm;
    window.confirm = () => false;
    await s.go({ page: "import" });
    expect(document.getElementById("shortcut-form")).not.toBeNull();
    window.confirm = () => true;
    await s.go({ page: "import" });
    window.confirm = confirm;
    expect(document.getElementById("import-form")).not.toBeNull();
    // With no client yet, a new shortcut starts with its client.
    state.clients = [];
    await s.load();
    await s.go({ page: "addShortcut" });
    expect(document.getElementById("client-form")).not.toBeNull();
    expect(document.getElementById("notice")!.textContent).toContain("Add the client first");
  });
});

describe("import summary", () => {
  it("counts in the words of the table and the list below it", async () => {
    const { importSummary } = await import("../src/importer");
    const row = (status: string, writable: boolean) => ({ key: `shortcut:${status}`, kind: "shortcut", id: status, summary: "", notes: [], proposedTags: [], from: null, status, detail: null, writable }) as never;
    expect(importSummary("config", [row("new", true), row("new", true), row("unchanged", false)], 1)).toBe(
      "From config: 2 entries to import, 1 already in the catalog, 1 not imported (listed below).",
    );
    expect(importSummary("kb.md", [row("new", true), row("differs", false)], 0)).toBe(
      "From kb.md: 1 entry to import, 1 kept as it is (see its status).",
    );
  });
});
