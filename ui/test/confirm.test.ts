import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LinkConfirmView } from "../src/bindings";
import { ARM_MS, LinkConfirm } from "../src/confirm";

const view: LinkConfirmView = {
  id: 7,
  from: "A link from outside Rolehop",
  shortcut: "acme-prod",
  client: "Acme Corp",
  label: "Production",
  account: "222222222222",
  role: "arn:aws:iam::222222222222:role/Admin",
  region: "eu-west-1",
  landsOn: "https://eu-west-1.console.aws.amazon.com/s3/buckets/logs?region=eu-west-1&tab=objects",
  landingFromLink: true,
  production: true,
};

const enter = (repeat = false) =>
  document.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", repeat, bubbles: true }));
// Timers are fake here: settle promises without one.
const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe("link confirmation", () => {
  let answers: { id: number; open: boolean }[];
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    document.body.innerHTML = '<main id="app"></main>';
    delete document.body.dataset.armed;
    vi.spyOn(document, "hasFocus").mockReturnValue(true);
    answers = [];
    mockIPC((cmd, args) => {
      if (cmd === "link_answer") answers.push(args as { id: number; open: boolean });
      return true;
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    clearMocks();
  });

  it("shows everything the link opens, the destination in full and the production line", () => {
    new LinkConfirm(document.getElementById("app")!, view);
    const text = (id: string) => document.getElementById(id)?.textContent;
    expect(text("client")).toBe("Acme Corp");
    expect(text("label")).toBe("Production (acme-prod)");
    expect(text("account")).toBe("222222222222");
    expect(text("role")).toBe("arn:aws:iam::222222222222:role/Admin");
    expect(text("lands")).toBe(view.landsOn);
    expect(text("production")).toBe("PRODUCTION account");
    expect(text("chosen")).toBe("This page is chosen by the link.");
  });

  it("an Enter before the window is armed opens nothing; after, it opens; Esc drops", async () => {
    const page = new LinkConfirm(document.getElementById("app")!, view);
    enter();
    await flush();
    expect(answers).toEqual([]);
    expect((document.getElementById("open") as HTMLButtonElement).disabled).toBe(true);
    vi.advanceTimersByTime(ARM_MS);
    expect(document.body.dataset.armed).toBe("true");
    enter(true);
    await flush();
    // A held key's repeat does not count.
    expect(answers).toEqual([]);
    enter();
    await flush();
    expect(answers).toEqual([{ id: 7, open: true }]);
    // One answer only.
    page.key(new KeyboardEvent("keydown", { key: "Escape" }));
    await flush();
    expect(answers.length).toBe(1);
  });

  it("Esc drops the link at once, armed or not", async () => {
    new LinkConfirm(document.getElementById("app")!, { ...view, production: false });
    expect(document.getElementById("production")).toBeNull();
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    await flush();
    expect(answers).toEqual([{ id: 7, open: false }]);
  });

  it("losing the focus disarms it", async () => {
    new LinkConfirm(document.getElementById("app")!, view);
    vi.advanceTimersByTime(ARM_MS);
    window.dispatchEvent(new Event("blur"));
    enter();
    await flush();
    expect(answers).toEqual([]);
  });
});
