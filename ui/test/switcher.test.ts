import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SwitcherHit } from "../src/bindings";
import { keyAction, moveSelection, Switcher } from "../src/switcher";

const hit = (id: string, account: string): SwitcherHit => ({
  id,
  client: "acme",
  clientName: "Acme Corp",
  color: "#d13212",
  label: id,
  account,
  role: "Admin",
  tags: [],
  pinned: false,
});

const calls: { cmd: string; args: unknown }[] = [];

beforeEach(() => {
  calls.length = 0;
  document.body.innerHTML = '<main id="app"></main>';
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    if (cmd === "search") {
      const q = (args as { query: string }).query;
      return [hit("acme-prod", "222222222222"), hit("acme-dev", "333333333333")].filter((h) => h.account.includes(q) || h.id.includes(q));
    }
    return null;
  });
});
afterEach(() => clearMocks());

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("keys", () => {
  it.each([
    [{ key: "Enter" }, { type: "open", how: "browser" }],
    [{ key: "Enter", altKey: true }, { type: "open", how: "copy_url" }],
    [{ key: "Enter", shiftKey: true }, { type: "open", how: "builtin" }],
    [{ key: "Escape" }, { type: "close" }],
    [{ key: "ArrowDown" }, { type: "move", delta: 1 }],
    [{ key: "ArrowUp" }, { type: "move", delta: -1 }],
    [{ key: "n", ctrlKey: true }, { type: "move", delta: 1 }],
    [{ key: "n" }, null],
  ])("%o -> %o", (event, want) => {
    expect(keyAction({ altKey: false, shiftKey: false, ctrlKey: false, ...event })).toEqual(want);
  });

  it("clamps the selection to the list", () => {
    expect(moveSelection(0, -1, 3)).toBe(0);
    expect(moveSelection(2, 1, 3)).toBe(2);
    expect(moveSelection(1, 8, 3)).toBe(2);
    expect(moveSelection(0, 1, 0)).toBe(0);
  });
});

describe("switcher", () => {
  it("finds by part of the account id and opens the selection with Enter", async () => {
    const s = new Switcher(document.getElementById("app")!);
    const input = document.getElementById("query") as HTMLInputElement;
    input.value = "3333";
    input.dispatchEvent(new Event("input"));
    await flush();
    expect([...document.querySelectorAll("#results li")].map((li) => li.getAttribute("data-id"))).toEqual(["acme-dev"]);
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    await flush();
    expect(calls.filter((c) => c.cmd !== "search")).toEqual([
      { cmd: "open_shortcut", args: { id: "acme-dev", how: "browser" } },
      { cmd: "dismiss", args: {} },
    ]);
    expect(s.hits).toHaveLength(1);
  });

  it("arrows move the selection and Alt+Enter copies the link instead", async () => {
    new Switcher(document.getElementById("app")!);
    const input = document.getElementById("query") as HTMLInputElement;
    input.dispatchEvent(new Event("input"));
    await flush();
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown" }));
    expect(document.querySelector("li.selected")?.getAttribute("data-id")).toBe("acme-dev");
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", altKey: true }));
    await flush();
    expect(calls.find((c) => c.cmd === "open_shortcut")?.args).toEqual({ id: "acme-dev", how: "copy_url" });
  });

  it("says when nothing matches, and Escape closes", async () => {
    new Switcher(document.getElementById("app")!);
    const input = document.getElementById("query") as HTMLInputElement;
    input.value = "zzz";
    input.dispatchEvent(new Event("input"));
    await flush();
    expect(document.getElementById("status")?.textContent).toContain("No shortcut matches “zzz”");
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    await flush();
    expect(calls.at(-1)?.cmd).toBe("dismiss");
  });

  it("shows an open error instead of closing", async () => {
    clearMocks();
    mockIPC((cmd) => {
      if (cmd === "search") return [hit("acme-prod", "222222222222")];
      if (cmd === "open_shortcut") throw { kind: "not_found", message: "no shortcut `acme-prod` in the catalog", fields: [] };
      return null;
    });
    const s = new Switcher(document.getElementById("app")!);
    await s.search();
    await s.open("browser");
    expect(document.getElementById("status")?.textContent).toBe("no shortcut `acme-prod` in the catalog");
    expect(document.getElementById("status")?.classList.contains("error")).toBe(true);
  });

  it("shows each row's id (what the CLI takes) unless the name is the id", async () => {
    clearMocks();
    mockIPC((cmd) => {
      if (cmd === "search") return [{ ...hit("acme-prod", "222222222222"), label: "Production" }, hit("acme-dev", "333333333333")];
      return null;
    });
    const s = new Switcher(document.getElementById("app")!);
    await s.search();
    const rows = [...document.querySelectorAll("#results li")];
    expect(rows[0].querySelector(".label")?.textContent).toBe("Production");
    expect(rows[0].querySelector(".id")?.textContent).toBe("acme-prod");
    expect(rows[1].querySelector(".label")?.textContent).toBe("acme-dev");
    expect(rows[1].querySelector(".id")).toBeNull();
  });
});
