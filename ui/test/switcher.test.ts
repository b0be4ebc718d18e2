import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SwitcherHit } from "../src/bindings";
import { clock, isLink, keyAction, marked, moveSelection, Switcher } from "../src/switcher";

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
  liveSince: null,
  marks: { clientName: [], label: [], account: [], role: [], tags: [], id: [] },
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
    [{ key: "t", ctrlKey: true }, { type: "terminal" }],
    [{ key: "t", metaKey: true }, { type: "terminal" }],
    [{ key: "t" }, null],
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

  it("Ctrl+T opens a terminal in the selected shortcut's account and closes", async () => {
    new Switcher(document.getElementById("app")!);
    const input = document.getElementById("query") as HTMLInputElement;
    input.dispatchEvent(new Event("input"));
    await flush();
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown" }));
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "t", ctrlKey: true }));
    await flush();
    await flush();
    // (Switchers of earlier tests still listen on this document: this one's call is among them.)
    expect(calls).toContainEqual({ cmd: "open_terminal", args: { id: "acme-dev" } });
    expect(calls.some((c) => c.cmd === "open_shortcut")).toBe(false);
    expect(calls.at(-1)?.cmd).toBe("dismiss");
    expect(document.querySelector("footer.keys")?.textContent).toContain("terminal");
  });

  it("says when nothing matches, and Escape closes", async () => {
    new Switcher(document.getElementById("app")!);
    const input = document.getElementById("query") as HTMLInputElement;
    input.value = "zzz";
    input.dispatchEvent(new Event("input"));
    await flush();
    // Said in the list, with the way to add one.
    const empty = document.querySelector("#results li.empty")!;
    expect(empty.textContent).toContain("No shortcut matches “zzz”");
    (document.getElementById("add-in-settings") as HTMLButtonElement).click();
    await flush();
    expect(calls.find((c) => c.cmd === "open_settings_page")?.args).toEqual({ page: { page: "addShortcut" } });
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    await flush();
    expect(calls.at(-1)?.cmd).toBe("dismiss");
  });

  it("offers an import and a form on an empty catalog", async () => {
    clearMocks();
    calls.length = 0;
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      return cmd === "search" ? [] : null;
    });
    const s = new Switcher(document.getElementById("app")!);
    await s.search();
    const empty = document.querySelector("#results li.empty")!;
    expect(empty.textContent).toContain("No shortcuts yet.");
    expect(empty.textContent).toContain("paste an AWS switch-role link");
    (document.getElementById("import-now") as HTMLButtonElement).click();
    await flush();
    await flush();
    expect(calls.filter((c) => c.cmd === "open_settings_page").map((c) => c.args)).toEqual([{ page: { page: "import" } }]);
    expect(calls.at(-1)?.cmd).toBe("dismiss");
  });

  it("marks the characters the query matched", async () => {
    clearMocks();
    mockIPC((cmd) => {
      if (cmd === "search") return [{ ...hit("acme-prod", "222222222222"), marks: { clientName: [0, 1], label: [], account: [9, 10, 11], role: [], tags: [], id: [] } }];
      return null;
    });
    const s = new Switcher(document.getElementById("app")!);
    await s.search();
    const row = document.querySelector("#results li")!;
    expect([...row.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["Ac", "222"]);
    expect(row.querySelector(".account")!.textContent).toBe("222222222222");
    expect(marked("héllo", [1, 2, 4]).map((n) => (typeof n === "string" ? n : `[${n.textContent}]`)).join("")).toBe("h[él]l[o]");
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
    expect(document.getElementById("status")?.textContent).toBe("no shortcut “acme-prod” in the catalog");
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

  it("marks the shortcuts whose console is open, with since when", async () => {
    clearMocks();
    const since = Date.UTC(2026, 11, 7, 9, 5) / 1000;
    mockIPC((cmd) => {
      if (cmd === "search") return [{ ...hit("acme-prod", "222222222222"), liveSince: since }, hit("acme-dev", "333333333333")];
      return null;
    });
    const s = new Switcher(document.getElementById("app")!);
    await s.search();
    const rows = [...document.querySelectorAll("#results li")];
    const live = rows[0].querySelector(".live");
    expect(live?.textContent).toBe("● open");
    expect(live?.getAttribute("title")).toBe(`Console open since ${clock(since)}: Enter goes to its window`);
    expect(clock(since)).toMatch(/\d{1,2}:\d{2}/);
    expect(rows[1].querySelector(".live")).toBeNull();
  });

  it("reads a pasted switch-role link: lists the shortcuts it names and opens the chosen one through the link", async () => {
    const link = "https://signin.aws.amazon.com/switchrole?roleName=Admin&account=222222222222&displayName=Acme%20Prod";
    clearMocks();
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === "read_link") {
        return { hits: [hit("acme-prod", "222222222222"), hit("acme-prod-2", "222222222222")], note: "2 shortcuts open account 222222222222 as Admin: choose one.", canAdd: false };
      }
      if (cmd === "search") throw new Error("a link is not searched for");
      return null;
    });
    new Switcher(document.getElementById("app")!);
    const input = document.getElementById("query") as HTMLInputElement;
    input.value = `  ${link}\n`;
    input.dispatchEvent(new Event("input"));
    await flush();
    expect(calls.find((c) => c.cmd === "read_link")?.args).toEqual({ text: link });
    expect(document.getElementById("status")?.textContent).toBe("2 shortcuts open account 222222222222 as Admin: choose one.");
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown" }));
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    await flush();
    // (Switchers of earlier tests still listen on this document: only this one has the link.)
    expect(calls.filter((c) => c.cmd === "open_link")).toEqual([
      { cmd: "open_link", args: { text: link, id: "acme-prod-2", how: "browser" } },
    ]);
  });

  it("offers to add what a link names when no shortcut opens it (Enter does it), and says why a link cannot be read", async () => {
    clearMocks();
    calls.length = 0;
    const link = "https://signin.aws.amazon.com/switchrole?roleName=Admin&account=777777777777";
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === "read_link") {
        const text = (args as { text: string }).text;
        if (text.startsWith("rolehop:")) throw { kind: "invalid_link", message: "`rolehop://open/x?browser=y` sets `browser`, which a Rolehop link cannot", fields: [] };
        return { hits: [], note: "No shortcut opens account 777777777777 as Admin yet.", canAdd: true };
      }
      return null;
    });
    const s = new Switcher(document.getElementById("app")!);
    const input = document.getElementById("query") as HTMLInputElement;
    input.value = link;
    await s.search();
    // No terminal lines: the way on is a button, where the eye is.
    expect(document.querySelectorAll("#results li[role=option]")).toHaveLength(0);
    expect(document.getElementById("link-note")!.textContent).toBe("No shortcut opens account 777777777777 as Admin yet.");
    expect(document.body.textContent).not.toContain("rolehop add");
    expect(document.getElementById("add-from-link")!.textContent).toBe("Add this shortcut…");
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    await flush();
    expect(calls.filter((c) => c.cmd === "open_settings_page").map((c) => c.args)).toEqual([{ page: { page: "addFromLink", link } }]);
    expect(calls.at(-1)?.cmd).toBe("dismiss");
    input.value = "rolehop://open/x?browser=y";
    await s.search();
    expect(document.getElementById("status")?.textContent).toContain("sets “browser”");
    expect(document.getElementById("status")?.classList.contains("error")).toBe(true);
    // Enter on nothing opens nothing (an unreadable link is nothing to add either).
    calls.length = 0;
    await s.open("browser");
    expect(calls).toEqual([]);
  });

  it("tells links from words", () => {
    expect(isLink("https://signin.aws.amazon.com/switchrole?x")).toBe(true);
    expect(isLink(" ROLEHOP://open/a")).toBe(true);
    expect(isLink("rolehop:x")).toBe(true);
    expect(isLink("acme prod")).toBe(false);
    expect(isLink("222222222222")).toBe(false);
  });
  it("starts with a client's name typed when the tray menu sent it there", async () => {
    (window as { __ROLEHOP_QUERY?: string }).__ROLEHOP_QUERY = "3333";
    try {
      new Switcher(document.getElementById("app")!);
      await flush();
      const input = document.getElementById("query") as HTMLInputElement;
      expect(input.value).toBe("3333");
      expect(calls.find((c) => c.cmd === "search")?.args).toEqual({ query: "3333" });
      expect([...document.querySelectorAll("#results li")].map((li) => li.getAttribute("data-id"))).toEqual(["acme-dev"]);
    } finally {
      delete (window as { __ROLEHOP_QUERY?: string }).__ROLEHOP_QUERY;
    }
  });
});
