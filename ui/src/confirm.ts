// The link confirmation window: a link from outside (the desktop, a paste) waits here until
// the person says so. It shows everything the link would open — client, label, account, role,
// region, the console page in full — with a red PRODUCTION line for production shortcuts.
// Enter or Open opens it, Esc or Cancel drops it.
//
// A key already on its way cannot answer it: the window arms itself a moment after it has the
// focus, and only an Enter pressed (keydown) after that counts — a person typing Enter in
// another window as this one appears does not open anything.
import { commands, type LinkConfirmView } from "./bindings";
import { byId, h, render } from "./lib/dom";

/** How long after the window has the focus an Enter counts. */
export const ARM_MS = 600;

export class LinkConfirm {
  private armed = false;
  private answered = false;

  constructor(
    root: HTMLElement,
    private readonly view: LinkConfirmView,
  ) {
    const open = h("button", { type: "button", class: "primary", id: "open", disabled: true }, "Open");
    const cancel = h("button", { type: "button", id: "cancel" }, "Cancel");
    open.addEventListener("click", () => void this.answer(true));
    cancel.addEventListener("click", () => void this.answer(false));
    const row = (label: string, value: string, id: string) =>
      h("div", { class: "row" }, h("dt", {}, label), h("dd", { id }, value));
    render(
      root,
      h(
        "section",
        { class: `confirm${view.production ? " production" : ""}` },
        h("h1", {}, "Open this link?"),
        h("p", { class: "hint", id: "from" }, `${view.from} asks Rolehop to sign in:`),
        view.production
          ? h("p", { class: "production-line", id: "production", role: "alert" }, "PRODUCTION account")
          : null,
        h(
          "dl",
          {},
          row("Client", view.client, "client"),
          row("Shortcut", view.label === view.shortcut ? view.label : `${view.label} (${view.shortcut})`, "label"),
          row("Account", view.account, "account"),
          row("Role", view.role, "role"),
          row("Region", view.region, "region"),
          row("Lands on", view.landsOn, "lands"),
          view.landingFromLink
            ? h("div", { class: "row" }, h("dt", {}, ""), h("dd", { class: "hint", id: "chosen" }, "This page is chosen by the link."))
            : null,
        ),
        h(
          "p",
          { class: "hint" },
          "Enter opens it, Esc cancels. Open only links you expect: nothing is signed in until you do.",
        ),
        h("div", { class: "buttons" }, cancel, open),
      ),
    );
    document.addEventListener("keydown", (e) => {
      // Only while this view is the page's.
      if (root.isConnected) this.key(e);
    });
    const arm = () => {
      window.setTimeout(() => {
        this.armed = true;
        open.disabled = false;
        document.body.dataset.armed = "true";
      }, ARM_MS);
    };
    if (document.hasFocus()) arm();
    else window.addEventListener("focus", arm, { once: true });
    // Losing the focus disarms it again: the next Enter must follow a fresh look.
    window.addEventListener("blur", () => {
      this.armed = false;
      open.disabled = true;
      delete document.body.dataset.armed;
      window.addEventListener("focus", arm, { once: true });
    });
  }

  key(e: KeyboardEvent): void {
    if (e.key === "Escape") {
      e.preventDefault();
      void this.answer(false);
    } else if (e.key === "Enter") {
      e.preventDefault();
      // Not before it is armed, and never a held key's repeats.
      if (this.armed && !e.repeat) void this.answer(true);
    }
  }

  async answer(open: boolean): Promise<void> {
    if (this.answered || (open && !this.armed)) return;
    this.answered = true;
    await commands.linkAnswer(this.view.id, open).catch(() => undefined);
  }
}

async function start(): Promise<void> {
  const root = byId("app");
  const view = await commands.linkPending().catch(() => null);
  if (!view) {
    render(root, h("p", { class: "message" }, "No link is waiting any more."));
    // Any answer closes the window.
    window.setTimeout(() => void commands.linkAnswer(0, false).catch(() => undefined), 1500);
    return;
  }
  new LinkConfirm(root, view);
}

if (document.body.classList.contains("page-confirm")) void start();
