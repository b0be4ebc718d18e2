// The MFA prompt: names the identity and why a code is needed; six digits, paste welcome,
// submits by itself at the sixth digit; says plainly when a code was wrong or already used.
import { commands, type MfaAsk, type MfaOutcome } from "./bindings";
import { byId, h, render } from "./lib/dom";
import { messageOf } from "./lib/errors";

/** The digits of what was typed or pasted ("123 456", "123-456" -> "123456"), at most six. */
export function digitsOf(text: string): string {
  return text.replace(/\D/g, "").slice(0, 6);
}

/** What to tell the person about a second try. */
export function retryText(ask: MfaAsk): string | null {
  const r = ask.retry;
  if (!r) return null;
  switch (r.kind) {
    case "rejected":
      return `AWS refused that code. Check that it is the code of ${ask.identity}'s device and type the current one.`;
    case "already_used": {
      const secs = Math.max(1, r.wait_secs);
      return `That code was already used (each code works once). Wait for the next one, about ${secs} s, and type it.`;
    }
    case "bad_format":
      return SHORT;
  }
}

/** What a code that is not six digits is told (never the browser's "Match the requested format"). */
export const SHORT = "Enter the 6 digits of the code your device shows.";

export class MfaPrompt {
  private readonly input: HTMLInputElement;
  private readonly message: HTMLElement;
  private readonly submitButton: HTMLButtonElement;
  private busy = false;

  constructor(private readonly root: HTMLElement, ask: MfaAsk) {
    this.input = h("input", {
      id: "code",
      name: "code",
      inputmode: "numeric",
      autocomplete: "one-time-code",
      pattern: "[0-9]{6}",
      maxlength: "12",
      placeholder: "000000",
      "aria-label": "Six digit MFA code",
      "aria-describedby": "message",
    });
    this.message = h("p", { id: "message", class: "message", role: "alert" });
    this.submitButton = h("button", { type: "submit", class: "primary" }, "Continue");
    const form = h(
      "form",
      // The form's own check (a 6-digit pattern) would answer with the browser's generic
      // "Match the requested format": submit() says what is wrong instead.
      { class: "mfa", novalidate: true },
      h("h1", {}, "MFA code"),
      h("p", { id: "why" }, `Identity `, h("strong", {}, ask.identity), ` needs a code ${ask.reason}.`),
      h("p", { class: "hint" }, `Device: ${ask.serial}`),
      this.input,
      this.message,
      h(
        "div",
        { class: "buttons" },
        h("button", { type: "button", id: "cancel", onclick: () => void this.cancel() }, "Cancel"),
        this.submitButton,
      ),
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.submit();
    });
    this.input.addEventListener("input", () => {
      const digits = digitsOf(this.input.value);
      if (digits !== this.input.value) this.input.value = digits;
      if (digits.length === 6) void this.submit();
    });
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        void this.cancel();
      }
    });
    render(root, form);
    this.show(ask);
    this.input.focus();
  }

  show(ask: MfaAsk): void {
    const text = retryText(ask);
    this.message.textContent = text ?? "";
    this.message.classList.toggle("error", !!text);
  }

  async submit(): Promise<void> {
    const code = digitsOf(this.input.value);
    if (this.busy) return;
    if (code.length !== 6) {
      this.message.textContent = SHORT;
      this.message.classList.add("error");
      return;
    }
    this.busy = true;
    this.setWaiting(true);
    let outcome: MfaOutcome;
    try {
      outcome = await commands.mfaSubmit(code);
    } catch (e) {
      outcome = { kind: "failed", error: { kind: "internal", message: messageOf(e), fields: [] } };
    }
    this.busy = false;
    this.setWaiting(false);
    this.apply(outcome);
  }

  apply(outcome: MfaOutcome): void {
    switch (outcome.kind) {
      case "retry":
        this.input.value = "";
        this.show(outcome.ask);
        this.input.focus();
        break;
      case "done":
        this.message.classList.remove("error");
        this.message.textContent = "Accepted. Opening the console…";
        break;
      case "failed":
        this.message.classList.add("error");
        this.message.textContent = outcome.error.message;
        this.input.value = "";
        break;
    }
  }

  private setWaiting(waiting: boolean): void {
    this.input.disabled = waiting;
    this.submitButton.disabled = waiting;
    if (waiting) {
      this.message.classList.remove("error");
      this.message.textContent = "Checking with AWS…";
    }
    this.root.classList.toggle("busy", waiting);
  }

  async cancel(): Promise<void> {
    await commands.mfaCancel().catch(() => undefined);
    await commands.dismiss().catch(() => undefined);
  }
}

async function start(): Promise<void> {
  const root = byId("app");
  const ask = await commands.mfaAsk();
  if (!ask) {
    render(root, h("p", { class: "message" }, "No MFA code is needed any more."));
    setTimeout(() => void commands.dismiss(), 1500);
    return;
  }
  new MfaPrompt(root, ask);
}

if (document.body.classList.contains("page-mfa")) void start();
