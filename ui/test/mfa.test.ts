import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MfaAsk, MfaOutcome } from "../src/bindings";
import { digitsOf, MfaPrompt, retryText } from "../src/mfa";

const ask: MfaAsk = { identity: "alice", serial: "arn:aws:iam::111111111111:mfa/alice", reason: "to start today's session", retry: null };
const flush = () => new Promise((r) => setTimeout(r, 0));

describe("codes", () => {
  it.each([
    ["123456", "123456"],
    ["123 456", "123456"],
    [" 123-456\n", "123456"],
    ["12345678", "123456"],
    ["abc", ""],
  ])("%j -> %j", (input, want) => expect(digitsOf(input)).toBe(want));

  it("says plainly what went wrong", () => {
    expect(retryText(ask)).toBeNull();
    expect(retryText({ ...ask, retry: { kind: "rejected" } })).toContain("AWS refused that code");
    expect(retryText({ ...ask, retry: { kind: "already_used", wait_secs: 12 } })).toContain("already used");
    expect(retryText({ ...ask, retry: { kind: "already_used", wait_secs: 12 } })).toContain("12 s");
    expect(retryText({ ...ask, retry: { kind: "bad_format" } })).toBe("Enter the 6 digits of the code your device shows.");
  });
});

describe("prompt", () => {
  let outcomes: MfaOutcome[];
  let submitted: string[];
  beforeEach(() => {
    document.body.innerHTML = '<main id="app"></main>';
    submitted = [];
    outcomes = [];
    mockIPC((cmd, args) => {
      if (cmd === "mfa_submit") {
        submitted.push((args as { code: string }).code);
        return outcomes.shift();
      }
      return null;
    });
  });
  afterEach(() => clearMocks());

  it("names the identity and the reason", () => {
    new MfaPrompt(document.getElementById("app")!, ask);
    expect(document.getElementById("why")?.textContent).toBe("Identity alice needs a code to start today's session.");
  });

  it("submits by itself at the sixth pasted digit, shows a wrong code, then proceeds", async () => {
    outcomes = [{ kind: "retry", ask: { ...ask, retry: { kind: "rejected" } } }, { kind: "done" }];
    new MfaPrompt(document.getElementById("app")!, ask);
    const input = document.getElementById("code") as HTMLInputElement;
    input.value = "111 111";
    input.dispatchEvent(new Event("input"));
    await flush();
    expect(submitted).toEqual(["111111"]);
    expect(document.getElementById("message")?.textContent).toContain("AWS refused that code");
    expect(input.value).toBe("");
    input.value = "222222";
    input.dispatchEvent(new Event("input"));
    await flush();
    expect(submitted).toEqual(["111111", "222222"]);
    expect(document.getElementById("message")?.textContent).toContain("Accepted");
  });

  it("does not submit five digits", async () => {
    new MfaPrompt(document.getElementById("app")!, ask);
    const input = document.getElementById("code") as HTMLInputElement;
    input.value = "12345";
    input.dispatchEvent(new Event("input"));
    await flush();
    expect(submitted).toEqual([]);
    // Enter on five digits: the prompt's own words, not the browser's "Match the requested
    // format" (the form's constraint check is off; a form that ran it would not submit at all).
    const form = input.closest("form")!;
    expect(form.noValidate).toBe(true);
    form.requestSubmit();
    await flush();
    expect(submitted).toEqual([]);
    expect(document.getElementById("message")?.textContent).toBe("Enter the 6 digits of the code your device shows.");
  });
});
