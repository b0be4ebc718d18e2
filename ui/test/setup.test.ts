import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
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
afterEach(() => {
  clearMocks();
  vi.useRealTimers();
});

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

describe("the identity step keeps AWS's answer", () => {
  it("a check as the person typed never wipes AWS's answer, however fast AWS answered", async () => {
    const calls: string[] = [];
    const refusal = {
      kind: "invalid_input",
      message: "these keys belong to account 111111111111, not 999999999999",
      fields: [{ field: "account", message: "these keys belong to account 111111111111, not 999999999999" }],
    };
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "setup_info") return info;
      if (cmd === "save_identity") throw refusal; // at once: faster than the 250 ms check
      return []; // check_identity: the fields look fine locally
    });
    const w = new Wizard(document.getElementById("app")!);
    await w.start();
    // The debounce's clock is the test's: "after the check would have run" is exact.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const form = document.getElementById("identity-form") as HTMLFormElement;
    const set = (name: string, value: string) => {
      const input = form.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
      input.value = value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    };
    set("account", "999999999999");
    set("accessKeyId", "AKIAEXAMPLE");
    set("secretAccessKey", "secret");
    // The click leaves the secret field (a change event, which starts the as-you-type check),
    // then submits.
    form.querySelector('[name="secretAccessKey"]')!.dispatchEvent(new Event("change", { bubbles: true }));
    form.requestSubmit(document.getElementById("save-identity") as HTMLButtonElement);
    const row = () => form.querySelector('.field[data-field="account"]')!;
    await vi.waitFor(() => expect(row().classList.contains("invalid")).toBe(true));
    // Well past the debounce: the check that was pending at the click never ran over it.
    await vi.advanceTimersByTimeAsync(1000);
    expect(row().querySelector(".problem")?.textContent).toContain("111111111111");
    expect(calls.filter((c) => c === "check_identity")).toHaveLength(0);
    // The person edits another field: the local check runs, and AWS's answer stays beside it.
    set("region", "eu-west-1");
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.filter((c) => c === "check_identity").length).toBeGreaterThan(0);
    expect(row().querySelector(".problem")?.textContent).toContain("111111111111");
    expect((document.getElementById("save-identity") as HTMLButtonElement).disabled).toBe(false);
  });

  it("says it is checking while AWS is asked, and no check replaces that", async () => {
    let answer: (v: unknown) => void = () => {};
    mockIPC((cmd) => {
      if (cmd === "setup_info") return info;
      if (cmd === "save_identity") return new Promise((r) => (answer = r));
      return [];
    });
    const w = new Wizard(document.getElementById("app")!);
    await w.start();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const form = document.getElementById("identity-form") as HTMLFormElement;
    for (const [name, value] of [["account", "111111111111"], ["accessKeyId", "AKIAEXAMPLE"], ["secretAccessKey", "s"]]) {
      const input = form.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
      input.value = value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    form.requestSubmit(document.getElementById("save-identity") as HTMLButtonElement);
    const line = () => form.querySelector(".form-problem")?.textContent ?? "";
    await vi.waitFor(() => expect(line()).toContain("Checking the key with AWS"));
    // A late input event (typing while it checks) must not clear "Checking…".
    form.querySelector('[name="region"]')!.dispatchEvent(new Event("input", { bubbles: true }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(line()).toContain("Checking the key with AWS");
    answer({ identity: "me", callerArn: "arn:aws:iam::111111111111:user/me" });
  });
});

describe("the wizard's steps", () => {
  const saveCalls: string[] = [];
  beforeEach(() => {
    saveCalls.length = 0;
    mockIPC((cmd) => {
      if (cmd === "setup_info") return info;
      if (cmd === "save_identity") {
        saveCalls.push(cmd);
        return { identity: "work", callerArn: "arn:aws:iam::111111111111:user/ann" };
      }
      return [];
    });
  });

  async function throughIdentity(): Promise<Wizard> {
    const w = new Wizard(document.getElementById("app")!);
    await w.start();
    const form = document.getElementById("identity-form") as HTMLFormElement;
    for (const [name, value] of [["identity", "work"], ["account", "111111111111"], ["accessKeyId", "AKIAEXAMPLE"], ["secretAccessKey", "s3cret"], ["region", "eu-west-1"]]) {
      form.querySelector<HTMLInputElement>(`[name="${name}"]`)!.value = value;
    }
    form.requestSubmit(document.getElementById("save-identity") as HTMLButtonElement);
    await vi.waitFor(() => expect(document.getElementById("confirmed")).not.toBeNull());
    return w;
  }

  it("Back shows the saved identity, its name kept, never the secret", async () => {
    await throughIdentity();
    (document.getElementById("back") as HTMLButtonElement).click();
    const form = document.getElementById("identity-form") as HTMLFormElement;
    const value = (name: string) => form.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
    expect(value("identity").value).toBe("work");
    expect(value("identity").readOnly).toBe(true);
    expect(value("account").value).toBe("111111111111");
    expect(value("accessKeyId").value).toBe("AKIAEXAMPLE");
    expect(value("region").value).toBe("eu-west-1");
    expect(value("secretAccessKey").value).toBe("");
    expect(document.getElementById("next")).not.toBeNull();
    // The focus is on the first field that can be changed, not the kept name.
    expect(document.activeElement).toBe(value("account"));
  });

  it("Skip marks no step done, and Ready does not promise shortcuts there are none of", async () => {
    await throughIdentity();
    (document.getElementById("skip") as HTMLButtonElement).click();
    const steps = [...document.querySelectorAll(".steps li")];
    expect(steps.map((li) => li.className)).toEqual(["done", "skipped", "skipped", "current"]);
    const ready = document.getElementById("ready")!.textContent!;
    expect(ready).not.toContain("Every shortcut is in its menu");
    expect(ready).toContain("no shortcuts yet");
  });

  it("offers the files found on this computer as an import, previews one with a click, and Ready says what came in", async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === "setup_info") return info;
      if (cmd === "save_identity") return { identity: "work", callerArn: "arn:aws:iam::111111111111:user/ann" };
      if (cmd === "import_found") return [
        { format: "aws-config", path: "/home/ann/.aws/config", name: "AWS config", shortcuts: 12, problem: null },
        { format: "links", path: "/home/ann/.config/chromium/Default/Bookmarks", name: "Chromium bookmarks", shortcuts: 3, problem: null },
      ];
      if (cmd === "import_preview") return {
        source: "/home/ann/.aws/config",
        rows: [
          { key: "client:hooli", kind: "client", id: "hooli", from: null, summary: "Hooli", status: "new", detail: null, notes: [], proposedTags: [], writable: true },
          { key: "shortcut:hooli-prod", kind: "shortcut", id: "hooli-prod", from: "hooli-prod:4", summary: "222222222222 Admin, client hooli", status: "new", detail: null, notes: ["tagged prod (its name says production): its console is marked as production"], proposedTags: ["prod"], writable: true },
        ],
        skipped: [],
      };
      if (cmd === "import_apply") return { added: ["client:hooli", "shortcut:hooli-prod"], replaced: [] };
      return [];
    });
    await throughIdentity();
    await vi.waitFor(() => expect(document.querySelectorAll("#import-offers button[data-found]")).toHaveLength(2));
    const offer = document.querySelector<HTMLButtonElement>('#import-offers button[data-found="/home/ann/.aws/config"]')!;
    expect(offer.textContent).toBe("AWS config: 12 shortcuts");
    offer.click();
    // The import step: its own step bar, the same preview as Settings, run at once.
    await vi.waitFor(() => expect(document.querySelector('#import-rows tr[data-key="shortcut:hooli-prod"]')).not.toBeNull());
    expect([...document.querySelectorAll(".steps li")].map((li) => li.textContent)).toEqual(["Identity", "Import", "Ready"]);
    const sent = calls.find((c) => c.cmd === "import_preview")!.args as { input: { format: string; path: string } };
    expect(sent.input).toMatchObject({ format: "aws-config", path: "/home/ann/.aws/config" });
    // The prod tag can be unticked here too.
    expect(document.querySelector<HTMLInputElement>("#import-rows input.proposed-tag")!.checked).toBe(true);
    (document.getElementById("import-apply") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(document.getElementById("imported")).not.toBeNull());
    expect(document.getElementById("imported")!.textContent).toBe("Imported 2 entries.");
    expect(document.getElementById("ready")!.textContent).toContain("Every shortcut is in its menu");
    expect([...document.querySelectorAll(".steps li")].map((li) => li.className)).toEqual(["done", "done", "current"]);
  });

  it("Back from an import returns to the client step, by hand", async () => {
    await throughIdentity();
    (document.getElementById("import-other") as HTMLButtonElement).click();
    expect(document.getElementById("import-form")).not.toBeNull();
    (document.getElementById("back") as HTMLButtonElement).click();
    expect(document.getElementById("client-form")).not.toBeNull();
    expect([...document.querySelectorAll(".steps li")].map((li) => li.textContent)).toEqual(["Identity", "Client", "Shortcut", "Ready"]);
  });

  it("each step opens at its top", async () => {
    const w = await throughIdentity();
    const scroller = document.scrollingElement ?? document.documentElement;
    scroller.scrollTop = 400;
    w.shortcutStep("acme", "Acme");
    expect(scroller.scrollTop).toBe(0);
    expect(document.querySelector(".wizard h1")).not.toBeNull();
  });
});
