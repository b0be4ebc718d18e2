import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SetupInfo } from "../src/bindings";
import { Wizard } from "../src/setup";

const info: SetupInfo = {
  keychain: { ok: true, kind: null, message: "The OS keychain is ready." },
  browsers: [{ kind: "chromium", program: "/usr/bin/chromium" }],
  defaultBrowser: null,
  identities: [],
  clients: 0,
  catalogPath: "/home/me/.config/rolehop/catalog.toml",
  trayHost: true,
  ykman: false,
};

beforeEach(() => {
  document.body.innerHTML = '<main id="app"></main>';
  mockIPC((cmd) => (cmd === "setup_info" ? info : []));
});
afterEach(() => clearMocks());

describe("wizard", () => {
  it("starts in the name field, with the identity kind one Shift+Tab away, and switches to Identity Center", async () => {
    const w = new Wizard(document.getElementById("app")!);
    await w.start();
    const name = document.querySelector<HTMLInputElement>('#identity-form [name="identity"]')!;
    expect(document.activeElement).toBe(name);
    const sso = document.getElementById("kind-sso") as HTMLInputElement;
    sso.checked = true;
    sso.dispatchEvent(new Event("change"));
    expect(document.getElementById("sso-form")).not.toBeNull();
    expect(document.getElementById("identity-form")).toBeNull();
    expect(document.activeElement).toBe(document.getElementById("kind-sso"));
    expect((document.getElementById("kind-sso") as HTMLInputElement).checked).toBe(true);
  });
});
