import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { NoticeView } from "../src/bindings";
import { NoticeList } from "../src/notice";

let items: NoticeView[] = [];
const calls: { cmd: string; args: unknown }[] = [];

beforeEach(() => {
  calls.length = 0;
  items = [
    { id: 1, kind: "progress", title: "Opening Acme Corp – Production…", body: "", renew: null },
    { id: 2, kind: "warning", title: "Beta – Admin: the console session ends in 5 min", body: "Renew signs in again.", renew: "beta-admin" },
    { id: 3, kind: "error", title: "Rolehop cannot open Gamma", body: "AccessDenied: <b>not</b> allowed", renew: null },
  ];
  document.body.innerHTML = '<main id="app"></main>';
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    if (cmd === "notices") return items;
    return null;
  });
});
afterEach(() => clearMocks());

describe("notice window", () => {
  it("shows progress without a close button, errors and warnings with one, renew where offered", async () => {
    const list = new NoticeList(document.getElementById("app")!);
    await list.refresh();
    const sections = [...document.querySelectorAll("section.notice")];
    expect(sections.map((s) => s.className)).toEqual(["notice progress", "notice warning", "notice error"]);
    expect(sections[0].querySelector(".spinner")).not.toBeNull();
    expect(sections[0].querySelector("button.close")).toBeNull();
    expect(sections[1].querySelector("button.renew")?.textContent).toBe("Renew");
    expect(sections[2].getAttribute("role")).toBe("alert");
    // Text is text, never markup.
    expect(sections[2].querySelector(".body")?.textContent).toBe("AccessDenied: <b>not</b> allowed");
    expect(sections[2].querySelector("b")).toBeNull();
  });

  it("renews and dismisses through the shell, and Escape closes the newest", async () => {
    const list = new NoticeList(document.getElementById("app")!);
    await list.refresh();
    (document.querySelector("section[data-id='2'] button.renew") as HTMLButtonElement).click();
    await Promise.resolve();
    expect(calls.find((c) => c.cmd === "notice_renew")?.args).toEqual({ id: 2 });
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    await Promise.resolve();
    expect(calls.find((c) => c.cmd === "notice_dismiss")?.args).toEqual({ id: 3 });
    expect(list.items.map((n) => n.id)).toEqual([1]);
  });
});
