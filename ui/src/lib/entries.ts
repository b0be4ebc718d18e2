// The client and shortcut forms, shared by the setup wizard and settings. Checked as the
// person types (by the shell, with the catalog's own validator) and saved through the core's
// catalog store, which keeps the file's comments and order.
import { commands, type BrowserView, type ClientForm, type FieldProblem, type ShortcutForm } from "../bindings";
import { h } from "./dom";
import { fieldsOf, messageOf } from "./errors";
import { checked, debounce, field, showProblems, text } from "./forms";

export function browserOptions(browsers: BrowserView[], blank: string): { value: string; label: string }[] {
  return [{ value: "", label: blank }, ...browsers.map((b) => ({ value: b.kind, label: `${b.kind} (${b.program})` }))];
}

export function clientForm(client: ClientForm | null, browsers: BrowserView[]): HTMLFormElement {
  return h(
    "form",
    { class: "entry", id: "client-form", novalidate: true },
    field({ name: "id", label: "Id", required: true, placeholder: "acme", hint: "Short: lowercase letters, digits, - _ ." }, client?.id),
    field({ name: "name", label: "Name", required: true, placeholder: "Acme Corp" }, client?.name),
    field({ name: "color", label: "Colour", placeholder: "#d13212", hint: "Shown as a dot in the tray and switcher." }, client?.color),
    field({ name: "notes", label: "Notes", placeholder: "Who to call, contract end…" }, client?.notes),
    field({ name: "link", label: "Link", placeholder: "https://wiki.example.com/acme" }, client?.link),
    field({ name: "browser", label: "Browser", type: "select", options: browserOptions(browsers, "Default") }, client?.browser ?? ""),
    h("div", { class: "form-problem", role: "alert" }),
  );
}

export function readClient(form: HTMLElement): ClientForm {
  return {
    id: text(form, "id") ?? "",
    name: text(form, "name") ?? "",
    color: text(form, "color"),
    notes: text(form, "notes"),
    link: text(form, "link"),
    browser: text(form, "browser"),
  };
}

export interface ShortcutChoices {
  clients: ClientForm[];
  identities: string[];
  browsers: BrowserView[];
}

export function shortcutForm(s: ShortcutForm | null, choices: ShortcutChoices): HTMLFormElement {
  const clientOptions = choices.clients.map((c) => ({ value: c.id, label: `${c.name} (${c.id})` }));
  return h(
    "form",
    { class: "entry", id: "shortcut-form", novalidate: true },
    field({ name: "id", label: "Id", required: true, placeholder: "acme-prod", hint: "What you type: rolehop open acme-prod" }, s?.id),
    field({ name: "client", label: "Client", type: "select", options: clientOptions, required: true }, s?.client ?? clientOptions[0]?.value),
    field({ name: "account", label: "Account id", required: true, placeholder: "222222222222", inputmode: "numeric" }, s?.account),
    field({ name: "role", label: "Role", required: true, placeholder: "OrganizationAccountAccessRole", hint: "A role name, or its full ARN." }, s?.role),
    field({ name: "label", label: "Label", placeholder: "Admin", hint: "Shown in menus; default: the role name." }, s?.label),
    field(
      { name: "identity", label: "Identity", type: "select", options: [{ value: "", label: "Default" }, ...choices.identities.map((i) => ({ value: i, label: i }))] },
      s?.identity ?? "",
    ),
    field({ name: "tags", label: "Tags", placeholder: "prod billing", hint: "Space-separated; the switcher searches them." }, s?.tags.join(" ")),
    h(
      "details",
      { class: "more", open: !!(s && (s.region || s.destination || s.session || s.duration || s.externalId || s.via || s.browser)) },
      h("summary", {}, "More: region, landing page, session, role chaining, browser"),
      field({ name: "region", label: "Region", placeholder: "eu-west-1" }, s?.region),
      field({ name: "destination", label: "Opens at", placeholder: "ec2, s3, or a console path" }, s?.destination),
      field(
        {
          name: "session",
          label: "Session",
          type: "select",
          options: [
            { value: "", label: "Daily (one MFA code a day, 1 h consoles)" },
            { value: "daily", label: "Daily" },
            { value: "long", label: "Long (MFA per shortcut, up to 12 h)" },
          ],
        },
        s?.session ?? "",
      ),
      field({ name: "duration", label: "Duration", placeholder: "8h" }, s?.duration),
      field({ name: "externalId", label: "External id" }, s?.externalId),
      field({ name: "via", label: "Via shortcut", placeholder: "another shortcut id (role chaining)" }, s?.via),
      field({ name: "browser", label: "Browser", type: "select", options: browserOptions(choices.browsers, "Client's or default") }, s?.browser ?? ""),
    ),
    field({ name: "pinned", label: "Pinned at the top of the menu", type: "checkbox" }, s?.pinned ?? false),
    h("div", { class: "form-problem", role: "alert" }),
  );
}

export function readShortcut(form: HTMLElement): ShortcutForm {
  return {
    id: text(form, "id") ?? "",
    client: text(form, "client") ?? "",
    label: text(form, "label"),
    account: text(form, "account"),
    role: text(form, "role") ?? "",
    identity: text(form, "identity"),
    via: text(form, "via"),
    region: text(form, "region"),
    destination: text(form, "destination"),
    session: text(form, "session"),
    duration: text(form, "duration"),
    externalId: text(form, "externalId"),
    browser: text(form, "browser"),
    pinned: checked(form, "pinned"),
    tags: (text(form, "tags") ?? "").split(/[\s,]+/).filter(Boolean),
  };
}

/**
 * Checks a form as the person types. Only fields they have touched show problems, so a new
 * form does not open full of red.
 */
export function liveCheck(form: HTMLElement, check: () => Promise<FieldProblem[]>): void {
  const touched = new Set<string>();
  const run = debounce(async () => {
    try {
      const problems = (await check()).filter((p) => !p.field || touched.has(p.field));
      showProblems(form, problems.filter((p) => p.field));
    } catch (e) {
      showProblems(form, [], messageOf(e));
    }
  }, 250);
  form.addEventListener("input", (e) => {
    const name = (e.target as HTMLInputElement | null)?.name;
    if (name) touched.add(name);
    run();
  });
  form.addEventListener("change", (e) => {
    const name = (e.target as HTMLInputElement | null)?.name;
    if (name) touched.add(name);
    run();
  });
}

/** Saves through `save`; problems land on the fields. Returns whether it saved. */
export async function submitWith(form: HTMLElement, save: () => Promise<unknown>): Promise<boolean> {
  try {
    await save();
    showProblems(form, []);
    return true;
  } catch (e) {
    const fields = fieldsOf(e);
    showProblems(form, fields, fields.length ? undefined : messageOf(e));
    // Straight to what needs fixing.
    form.querySelector<HTMLElement>(".field.invalid input:not([type=hidden]), .field.invalid select, .field.invalid textarea")?.focus();
    return false;
  }
}

export const checkClient = (form: HTMLElement, replace: boolean) => () => commands.checkClient(readClient(form), replace);
export const checkShortcut = (form: HTMLElement, replace: boolean) => () => commands.checkShortcut(readShortcut(form), replace);
