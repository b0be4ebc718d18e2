// The settings window's "Team sources" page: where the catalog's shared entries come from.
// Team catalogs (a file, a folder such as a git checkout, or an https URL) and AWS
// Organizations discovery sources are listed with how each fared, added with forms checked as
// typed (the save's own validation, through the shell), and removed after an inline
// confirmation. Removing a layer only drops it from the personal catalog; removing a discovery
// source also deletes the accounts file Rolehop saved for it, nothing else.
import { commands, type DiscoverView, type DiscoveryForm, type LayerForm, type SettingsView } from "./bindings";
import { h, render } from "./lib/dom";
import { liveCheck, submitWith } from "./lib/entries";
import { messageOf } from "./lib/errors";
import { field, text } from "./lib/forms";

export class Sources {
  constructor(
    private readonly body: HTMLElement,
    private readonly say: (text: string, error?: boolean) => void,
    private readonly reload: () => Promise<void>,
  ) {}

  show(v: SettingsView): void {
    render(this.body,
      h("h1", {}, "Team sources"),
      h("p", { class: "hint" }, "Shortcuts your team shares, read-only here: a catalog file or folder (such as a git checkout), an https URL, or the accounts of an AWS organization. Where an id is defined twice, your own catalog wins."),
      this.list(v),
      this.actions(v),
      h("div", { id: "source-result", role: "status" }),
      h("h2", {}, "Add a team catalog"),
      this.layerForm(),
      h("h2", {}, "Add an AWS organization"),
      this.discoveryForm(v),
      ...this.ssoDiscovery(v),
    );
  }

  /** Every source with its state, and a Remove per team catalog and organization. */
  private list(v: SettingsView): HTMLElement {
    const files = (id: string) => v.layers.filter((l) => l.layer === id);
    const state = (id: string) => {
      const of = files(id);
      const problems = of.filter((l) => l.problem);
      if (problems.length) return h("div", { class: "error small" }, ...problems.map((l) => h("div", {}, `Not used: ${l.problem}`)));
      const entries = of.reduce((n, l) => n + l.entries, 0);
      return h("span", { class: "hint" }, `${entries} ${entries === 1 ? "entry" : "entries"}, read-only`);
    };
    return h("section", { id: "sources" },
      h("ul", { class: "sources" },
        h("li", {}, h("div", { class: "source-main" }, h("strong", {}, "personal"), " ", h("span", { class: "mono small" }, v.catalogPath), h("div", { class: "state hint" }, "yours, editable"))),
        ...v.layerSources.map((l) =>
          this.row(`layer-${l.id}`, l.id, h("span", { class: "mono small" }, l.location), state(l.id),
            `Remove the team catalog ${l.id}? Its entries leave the menu; its files are not touched.`,
            () => commands.removeLayer(l.id), `Removed the team catalog ${l.id}.`),
        ),
        ...v.discoveries.map((d) =>
          this.row(`discovery-${d.id}`, d.id, h("span", { class: "small" }, d.identity ? `IAM Identity Center, what identity ${d.identity} can open` : `AWS organization, read through ${d.via}`), state(`discovery:${d.id}`),
            `Remove the organization ${d.id}? Its discovered shortcuts leave the menu.`,
            () => commands.removeDiscovery(d.id), `Removed the organization ${d.id} and its discovered shortcuts.`),
        ),
      ),
      v.layerSources.length === 0 && v.discoveries.length === 0
        ? h("p", { class: "hint", id: "no-sources" }, "No team sources yet: add a team catalog or an AWS organization below.")
        : null,
      v.conflicts.length
        ? h("ul", { id: "conflicts" }, ...v.conflicts.map((c) => h("li", { class: "hint" }, `${c.kind} ${c.id}: ${c.kept} is used, ${c.ignored} is ignored`)))
        : null,
    );
  }

  /** A source's row; Remove asks on the row itself (Remove again, or Keep). */
  private row(key: string, id: string, where: HTMLElement, state: HTMLElement, question: string, remove: () => Promise<unknown>, done: string): HTMLElement {
    const actions = h("span", { class: "actions" });
    const ask = (): void => {
      const yes = h("button", { class: "danger", "data-confirm": key, onclick: () => void go() }, "Remove");
      render(actions,
        h("span", { class: "question" }, question), " ", yes, " ",
        h("button", { onclick: () => idle(), "aria-label": `Keep ${id}` }, "Keep"),
      );
      yes.focus();
    };
    const idle = (): void => render(actions, h("button", { class: "danger", "data-remove": key, onclick: () => ask(), "aria-label": `Remove ${id}` }, "Remove"));
    const go = async (): Promise<void> => {
      try {
        await remove();
        this.say(done);
        await this.reload();
      } catch (e) {
        this.say(messageOf(e), true);
        idle();
      }
    };
    idle();
    return h("li", { "data-source": key }, h("div", { class: "source-main" }, h("strong", {}, id), " ", where, h("div", { class: "state" }, state)), actions);
  }

  /** Refresh the team URLs; check each organization for changes (a preview, then Save). */
  private actions(v: SettingsView): HTMLElement | null {
    if (!v.hasUrlLayers && v.discoveries.length === 0) return null;
    const refresh = v.hasUrlLayers
      ? h("button", {
          id: "refresh-layers",
          onclick: async () => {
            try {
              const results = await commands.refreshLayers();
              this.results(results);
              await this.reload();
            } catch (e) {
              this.say(messageOf(e), true);
            }
          },
        }, "Refresh team URLs")
      : null;
    const discover = v.discoveries.map((d) =>
      h("button", { "data-discovery": d.id, onclick: () => void this.discover(d.id, false) }, `Check ${d.id} for changes`),
    );
    return h("div", { class: "source-actions" }, h("div", { class: "buttons left" }, refresh, ...discover));
  }

  private results(results: { layer: string; result: string; detail: string }[]): void {
    const out = document.getElementById("source-result");
    if (out) render(out, h("ul", {}, ...results.map((r) => h("li", { class: r.result === "failed" ? "error" : "" }, `${r.layer}: ${r.detail}`))));
  }

  async discover(id: string, apply: boolean): Promise<void> {
    const out = document.getElementById("source-result")!;
    render(out, h("p", { class: "hint" }, apply ? `Saving ${id}…` : `Reading the accounts of ${id}…`));
    let d: DiscoverView;
    try {
      d = await commands.discoverRun(id, apply);
    } catch (e) {
      render(out, h("p", { class: "error" }, messageOf(e)));
      return;
    }
    if (d.applied) {
      this.say(`Saved ${id}: ${d.shortcuts} shortcuts in ${d.clients} clients; the tray menu has them.`);
      await this.reload();
      return;
    }
    const mark: Record<string, string> = { appeared: "+", changed: "~", left: "−", flagged: "!" };
    render(out,
      h("p", {}, `${id}: ${d.accounts} accounts → ${d.shortcuts} shortcuts in ${d.clients} clients.`),
      d.changes.length
        ? h("ul", { id: "discovery-changes" }, ...d.changes.map((c) =>
            h("li", { class: c.change === "flagged" ? "error small" : "small" }, `${d.refresh ? mark[c.change] ?? "" : ""} ${c.id ?? ""} ${c.account} ${c.detail}`.trim())))
        : h("p", { class: "hint" }, "No changes since the last run."),
      h("div", { class: "buttons left" }, h("button", { class: "primary", id: "discovery-save", onclick: () => void this.discover(id, true) }, `Save ${id}`)),
    );
  }

  private layerForm(): HTMLFormElement {
    const form = h("form", { class: "entry", id: "layer-form" },
      field({ name: "id", label: "Name", placeholder: "team", required: true, hint: "Shown as the entries' origin; lowercase letters, digits, - _ ." }, ""),
      field({ name: "location", label: "Where the catalog is", placeholder: "~/src/team-catalog or https://git.example.com/raw/catalog.toml", required: true, hint: "A .toml file, a folder of .toml files (a git checkout), or an https URL (fetched now, then kept for offline use)." }, ""),
      h("div", { class: "form-problem", role: "alert" }),
      h("div", { class: "buttons" }, h("button", { type: "submit", class: "primary", id: "add-layer" }, "Add team catalog")),
    );
    const read = (): LayerForm => ({ id: text(form, "id") ?? "", location: text(form, "location") ?? "" });
    liveCheck(form, () => commands.checkLayer(read()));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const value = read();
      let fetched: { layer: string; result: string; detail: string }[] = [];
      if (await submitWith(form, async () => { fetched = await commands.saveLayer(value); })) {
        await this.reload();
        const failed = fetched.find((r) => r.result === "failed");
        this.say(failed
          ? `Added the team catalog ${value.id}, but it could not be fetched: ${failed.detail}`
          : `Added the team catalog ${value.id}; the tray menu has its shortcuts.`, !!failed);
      }
    });
    return form;
  }

  /**
   * Every account and permission set an IAM Identity Center identity can open, as a source
   * (only when such an identity is set up).
   */
  private ssoDiscovery(v: SettingsView): HTMLElement[] {
    const identities = v.identities.filter((i) => i.ssoStartUrl).map((i) => ({ value: i.id, label: `${i.id} (${i.ssoStartUrl})` }));
    if (!identities.length) return [];
    const form = h("form", { class: "entry", id: "sso-discovery-form" },
      field({ name: "id", label: "Name", placeholder: "sso", required: true, hint: "Its shortcuts show this as their origin." }, v.discoveries.some((d) => d.id === "sso") ? "" : "sso"),
      field({ name: "identity", label: "Accounts that this identity can open", type: "select", required: true, options: identities }, identities[0].value),
      field({ name: "groupBy", label: "Clients from", placeholder: "the account name's first word", hint: "Or name:^(?P<client>[a-z]+)- (a pattern on the account name)." }, ""),
      field({ name: "region", label: "Region", placeholder: "the identity's" }, ""),
      h("div", { class: "form-problem", role: "alert" }),
      h("div", { class: "buttons" }, h("button", { type: "submit", class: "primary", id: "add-sso-discovery" }, "Add Identity Center accounts")),
    );
    const read = (): DiscoveryForm => ({
      id: text(form, "id") ?? "",
      via: "",
      identity: text(form, "identity"),
      role: null,
      groupBy: text(form, "groupBy"),
      region: text(form, "region"),
    });
    liveCheck(form, () => commands.checkDiscovery(read()));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const value = read();
      if (await submitWith(form, () => commands.saveDiscovery(value))) {
        await this.reload();
        this.say(`Added ${value.id}: "Check ${value.id} for changes" lists every account and permission set ${value.identity} can open; nothing is saved until you say so.`);
      }
    });
    return [h("h2", {}, "Add the accounts of an IAM Identity Center sign-in"), form];
  }

  private discoveryForm(v: SettingsView): HTMLFormElement {
    const shortcuts = v.shortcuts.map((s) => ({ value: s.id, label: s.label ? `${s.label} (${s.id})` : s.id }));
    const form = h("form", { class: "entry", id: "discovery-form" },
      field({ name: "id", label: "Name", placeholder: "org", required: true, hint: "Its shortcuts show this as their origin." }, ""),
      field({ name: "via", label: "Read the organization through", type: "select", required: true,
        options: [{ value: "", label: shortcuts.length ? "Choose a shortcut…" : "Add a shortcut first" }, ...shortcuts],
        hint: "A shortcut into the management (or delegated administrator) account whose role may list accounts." }, ""),
      field({ name: "role", label: "Role to open in each account", placeholder: "OrganizationAccountAccessRole" }, ""),
      field({ name: "groupBy", label: "Clients from", placeholder: "ou", hint: "ou (each account's organizational unit), tag:client (an account tag), or name:^(?P<client>[a-z]+)- (a pattern on the account name)." }, ""),
      field({ name: "region", label: "Region", placeholder: "the partition's default" }, ""),
      h("div", { class: "form-problem", role: "alert" }),
      h("div", { class: "buttons" }, h("button", { type: "submit", class: "primary", id: "add-discovery", disabled: shortcuts.length === 0 }, "Add organization")),
    );
    const read = (): DiscoveryForm => ({
      id: text(form, "id") ?? "",
      via: text(form, "via") ?? "",
      identity: null,
      role: text(form, "role"),
      groupBy: text(form, "groupBy"),
      region: text(form, "region"),
    });
    liveCheck(form, () => commands.checkDiscovery(read()));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const value = read();
      if (await submitWith(form, () => commands.saveDiscovery(value))) {
        await this.reload();
        this.say(`Added the organization ${value.id}. "Check ${value.id} for changes" lists its accounts; nothing is saved until you say so.`);
      }
    });
    return form;
  }
}
