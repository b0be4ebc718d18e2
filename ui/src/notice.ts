// The notice window: "Opening Acme Corp – Production…" while a console opens, the error if it
// fails, a session about to end with Renew, and errors and warnings when the desktop has no
// notification service. It lists what the shell holds and follows its `notices-changed`
// event; the shell closes the window when nothing is left. Escape dismisses the newest.
import { commands, events, type NoticeView } from "./bindings";
import { byId, h, render } from "./lib/dom";
import { forWindow, messageOf } from "./lib/errors";

const ICONS: Record<NoticeView["kind"], string> = {
  progress: "",
  error: "⚠",
  warning: "⚠",
  info: "ℹ",
};

export class NoticeList {
  items: NoticeView[] = [];

  constructor(private readonly root: HTMLElement) {
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && this.items.length) {
        void this.dismiss(this.items[this.items.length - 1].id);
      }
    });
  }

  async refresh(): Promise<void> {
    try {
      this.items = await commands.notices();
    } catch (e) {
      this.items = [{ id: 0, kind: "error", title: "Rolehop", body: messageOf(e), renew: null }];
    }
    this.draw();
  }

  async dismiss(id: number): Promise<void> {
    this.items = this.items.filter((n) => n.id !== id);
    this.draw();
    await commands.noticeDismiss(id).catch(() => undefined);
  }

  async renew(id: number): Promise<void> {
    this.items = this.items.filter((n) => n.id !== id);
    this.draw();
    try {
      await commands.noticeRenew(id);
    } catch (e) {
      this.items.push({ id: 0, kind: "error", title: "Cannot renew", body: messageOf(e), renew: null });
      this.draw();
    }
  }

  private draw(): void {
    this.paint();
    // The window takes the height of what it shows (the shell keeps it in its corner).
    // Content plus the frame's border (scrollHeight leaves the border out).
    const height = Math.ceil(this.root.scrollHeight + (this.root.offsetHeight - this.root.clientHeight));
    if (height > 0 && height !== this.fitted) {
      this.fitted = height;
      void commands.noticeFit(height).catch(() => undefined);
    }
  }

  private fitted = 0;

  private paint(): void {
    render(
      this.root,
      ...this.items.map((n) =>
        h(
          "section",
          { class: `notice ${n.kind}`, "data-id": String(n.id), role: n.kind === "error" ? "alert" : "status" },
          n.kind === "progress"
            ? h("span", { class: "spinner", "aria-hidden": "true" })
            : h("span", { class: "icon", "aria-hidden": "true" }, ICONS[n.kind]),
          h(
            "div",
            { class: "text" },
            h("strong", { class: "title" }, n.title),
            n.body ? h("p", { class: "body" }, forWindow(n.body)) : null,
          ),
          h(
            "div",
            { class: "actions" },
            n.renew ? h("button", { type: "button", class: "primary renew", onclick: () => void this.renew(n.id) }, "Renew") : null,
            n.kind === "progress"
              ? null
              : h("button", { type: "button", class: "close", "aria-label": "Close", title: "Close (Esc)", onclick: () => void this.dismiss(n.id) }, "✕"),
          ),
        ),
      ),
    );
  }
}

if (document.getElementById("app") && document.body.classList.contains("page-notice")) {
  const list = new NoticeList(byId("app"));
  void list.refresh();
  void events.noticesChanged.listen(() => void list.refresh());
}
