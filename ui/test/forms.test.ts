import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { clientForm, readShortcut, shortcutForm, submitWith } from "../src/lib/entries";
import { showProblems } from "../src/lib/forms";

afterEach(() => clearMocks());

describe("forms", () => {
  it("puts problems on their fields and the rest on the form line", () => {
    const form = clientForm(null, []);
    document.body.replaceChildren(form);
    showProblems(form, [
      { field: "color", message: "`red` is not a colour" },
      { field: "", message: "shortcut[x].client: client `ghost` is not defined" },
    ]);
    const row = form.querySelector('.field[data-field="color"]')!;
    expect(row.classList.contains("invalid")).toBe(true);
    expect(row.querySelector(".problem")?.textContent).toBe("`red` is not a colour");
    expect(form.querySelector(".form-problem")?.textContent).toContain("ghost");
    showProblems(form, []);
    expect(row.classList.contains("invalid")).toBe(false);
  });

  it("unfolds the group that holds a problem", () => {
    const form = shortcutForm(null, { clients: [], identities: [], browsers: [] });
    document.body.replaceChildren(form);
    const more = form.querySelector("details.more") as HTMLDetailsElement;
    expect(more.open).toBe(false);
    showProblems(form, [{ field: "region", message: "`mars-1` is not a region" }]);
    expect(more.open).toBe(true);
  });

  it("reads a shortcut form as the shell expects it", () => {
    const form = shortcutForm(null, {
      clients: [{ id: "acme", name: "Acme", color: null, notes: null, link: null, browser: null }],
      identities: ["me"],
      browsers: [],
    });
    (form.querySelector('[name="id"]') as HTMLInputElement).value = " acme-prod ";
    (form.querySelector('[name="account"]') as HTMLInputElement).value = "222222222222";
    (form.querySelector('[name="role"]') as HTMLInputElement).value = "Admin";
    (form.querySelector('[name="tags"]') as HTMLInputElement).value = "prod, billing  eu";
    expect(readShortcut(form)).toMatchObject({
      id: "acme-prod",
      client: "acme",
      account: "222222222222",
      role: "Admin",
      label: null,
      externalId: null,
      tags: ["prod", "billing", "eu"],
      pinned: false,
    });
  });

  it("a refused save shows the shell's field problems", async () => {
    mockIPC(() => {
      throw { kind: "invalid_input", message: "some fields need a fix", fields: [{ field: "id", message: "a client `acme` already exists: pick another id" }] };
    });
    const form = clientForm(null, []);
    document.body.replaceChildren(form);
    form.querySelector<HTMLInputElement>('[name="id"]')!.value = "acme";
    form.querySelector<HTMLInputElement>('[name="name"]')!.value = "A";
    const { commands } = await import("../src/bindings");
    const ok = await submitWith(form, () => commands.saveClient({ id: "acme", name: "A", color: null, notes: null, link: null, browser: null }, false));
    expect(ok).toBe(false);
    expect(form.querySelector('.field[data-field="id"] .problem')?.textContent).toContain("already exists");
  });

  it("an empty required field is said on it, focused, and nothing is sent", async () => {
    let sent = 0;
    const form = clientForm(null, []);
    document.body.replaceChildren(form);
    const ok = await submitWith(form, async () => { sent++; });
    expect(ok).toBe(false);
    expect(sent).toBe(0);
    expect(form.querySelector('.field[data-field="id"] .problem')?.textContent).toBe("Required.");
    expect(form.querySelector(".form-problem")?.textContent).toBe("");
    // The name comes first (the id is made from it): the cursor goes there.
    expect(document.activeElement?.getAttribute("name")).toBe("name");
  });

  it("a new client's id follows its name until edited", () => {
    const form = clientForm(null, []);
    document.body.replaceChildren(form);
    const id = form.querySelector<HTMLInputElement>('[name="id"]')!;
    const name = form.querySelector<HTMLInputElement>('[name="name"]')!;
    name.value = "Acme Corp (EU) Ünïcode";
    name.dispatchEvent(new Event("input", { bubbles: true }));
    expect(id.value).toBe("acme-corp-eu-unicode");
    id.value = "acme";
    id.dispatchEvent(new Event("input", { bubbles: true }));
    name.value = "Acme Corporation";
    name.dispatchEvent(new Event("input", { bubbles: true }));
    expect(id.value).toBe("acme");
  });

  it("a swatch sets the client's colour", () => {
    const form = clientForm(null, []);
    document.body.replaceChildren(form);
    const swatches = [...form.querySelectorAll<HTMLButtonElement>(".swatch")];
    expect(swatches).toHaveLength(12);
    swatches.find((b) => b.getAttribute("aria-label") === "navy")!.click();
    expect(form.querySelector<HTMLInputElement>('[name="color"]')!.value).toBe("#1a237e");
  });
});

describe("a save's answer and the as-you-type check", () => {
  it("a field's problem from the save goes once the person fixes that field; the others stay", async () => {
    const { liveCheck } = await import("../src/lib/entries");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      mockIPC(() => {
        throw {
          kind: "invalid_input",
          message: "some fields need a fix",
          fields: [
            { field: "id", message: "a client `acme` already exists" },
            { field: "color", message: "`reed` is not a colour" },
          ],
        };
      });
      const form = clientForm(null, []);
      document.body.replaceChildren(form);
      liveCheck(form, async () => []);
      (form.querySelector('[name="name"]') as HTMLInputElement).value = "Acme";
      (form.querySelector('[name="id"]') as HTMLInputElement).value = "acme";
      expect(await submitWith(form, async () => { await import("@tauri-apps/api/core").then((c) => c.invoke("save_client")); })).toBe(false);
      const problem = (f: string) => form.querySelector(`.field[data-field="${f}"] .problem`)?.textContent ?? "";
      expect(problem("id")).toContain("already exists");
      const id = form.querySelector('[name="id"]') as HTMLInputElement;
      id.value = "acme-2";
      id.dispatchEvent(new Event("input", { bubbles: true }));
      await vi.advanceTimersByTimeAsync(1000);
      expect(problem("id")).toBe("");
      expect(problem("color")).toContain("is not a colour");
    } finally {
      vi.useRealTimers();
    }
  });
});
