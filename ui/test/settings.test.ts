import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SettingsView, ShortcutForm } from "../src/bindings";
import { Settings } from "../src/settings";

const view = (): SettingsView => ({
  catalogPath: "/home/me/.config/rolehop/catalog.toml",
  identities: [{ id: "alice", account: "111111111111", mfaSerial: null, partition: "aws", region: null, hasKeys: true }],
  clients: [{ id: "acme", name: "Acme Corp", color: "#d13212", notes: null, link: null, browser: null }],
  shortcuts: [],
  defaultBrowser: "chromium",
  browsers: [{ kind: "chromium", program: "/usr/bin/chromium" }],
  autostart: false,
  hotkey: "Ctrl+Alt+Space",
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
      case "set_autostart":
        return (args as { enabled: boolean }).enabled;
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
    set(hotkey, "hotkey", "Hyper+X");
    hotkey.dispatchEvent(new Event("submit"));
    await flush();
    await flush();
    expect(hotkey.querySelector('.field[data-field="hotkey"] .problem')?.textContent).toContain("not a key combination");
  });

  it("shows the identities' key status without any secret", async () => {
    const s = new Settings(document.getElementById("app")!);
    await s.load();
    s.show("identities");
    expect(document.getElementById("identity-list")?.textContent).toContain("in keychain");
  });
});
