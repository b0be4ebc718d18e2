// Tiny DOM helpers: the windows are small enough not to need a framework, and no framework
// means nothing to load before the switcher can take keystrokes.

type Attrs = Record<string, string | boolean | number | null | undefined | EventListener>;
type Child = Node | string | null | undefined | false;

/** Creates an element: `h("button", { class: "primary", onclick: go }, "Open")`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value as EventListener);
    } else if (value === true) {
      el.setAttribute(key, "");
    } else {
      el.setAttribute(key, String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

/** Replaces an element's children. */
export function render(root: Element, ...children: Child[]): void {
  root.replaceChildren(...children.filter((c): c is Node | string => !!c));
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing`);
  return el as T;
}

/** A coloured dot for a client colour (or a neutral one). */
export function dot(color: string | null | undefined): HTMLElement {
  const el = h("span", { class: "dot", "aria-hidden": "true" });
  if (color && /^#[0-9a-fA-F]{6}$/.test(color)) el.style.background = color;
  return el;
}
