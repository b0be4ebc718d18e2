// Form fields with inline problems. Problems come from the shell, which checks with the
// core's own catalog validator (the same rules as the CLI and the file on disk), so the UI
// never second-guesses them.
import type { FieldProblem } from "../bindings";
import { h } from "./dom";

export interface FieldSpec {
  name: string;
  label: string;
  hint?: string;
  placeholder?: string;
  type?: "text" | "password" | "checkbox" | "select";
  options?: { value: string; label: string }[];
  required?: boolean;
  autocomplete?: string;
  inputmode?: string;
}

export type Control = HTMLInputElement | HTMLSelectElement;

/** A labelled control with room for its problem below. */
export function field(spec: FieldSpec, value: string | boolean | null | undefined): HTMLElement {
  const id = `f-${spec.name}`;
  let control: Control;
  if (spec.type === "select") {
    control = h(
      "select",
      { id, name: spec.name },
      ...(spec.options ?? []).map((o) =>
        h("option", { value: o.value, selected: o.value === (value ?? "") }, o.label),
      ),
    );
  } else if (spec.type === "checkbox") {
    control = h("input", { id, name: spec.name, type: "checkbox", checked: value === true });
  } else {
    control = h("input", {
      id,
      name: spec.name,
      type: spec.type ?? "text",
      value: typeof value === "string" ? value : "",
      placeholder: spec.placeholder,
      required: spec.required,
      autocomplete: spec.autocomplete ?? "off",
      inputmode: spec.inputmode,
      spellcheck: "false",
      "aria-describedby": `${id}-problem`,
    });
  }
  const row = h(
    "div",
    { class: `field field-${spec.type ?? "text"}`, "data-field": spec.name },
    h("label", { for: id }, spec.label, spec.required ? h("span", { class: "req" }, " *") : null),
    control,
    spec.hint ? h("div", { class: "hint" }, spec.hint) : null,
    h("div", { class: "problem", id: `${id}-problem`, role: "alert" }),
  );
  return row;
}

/** The value of a text control, `null` when blank. */
export function text(form: HTMLElement, name: string): string | null {
  const el = form.querySelector<Control>(`[name="${name}"]`);
  const v = el?.value.trim() ?? "";
  return v === "" ? null : v;
}

export function checked(form: HTMLElement, name: string): boolean {
  return form.querySelector<HTMLInputElement>(`[name="${name}"]`)?.checked ?? false;
}

/**
 * Shows problems next to their fields; problems with no field of this form go to the form's
 * general problem line. Returns whether there were any.
 */
export function showProblems(form: HTMLElement, problems: FieldProblem[], general?: string): boolean {
  for (const el of form.querySelectorAll(".field")) {
    el.classList.remove("invalid");
    const p = el.querySelector(".problem");
    if (p) p.textContent = "";
  }
  const rest: string[] = general ? [general] : [];
  for (const problem of problems) {
    const row = problem.field ? form.querySelector(`.field[data-field="${problem.field}"]`) : null;
    if (row) {
      row.classList.add("invalid");
      // A problem in a folded group must not stay hidden.
      row.closest("details")?.setAttribute("open", "");
      const p = row.querySelector(".problem");
      if (p) p.textContent = p.textContent ? `${p.textContent} ${problem.message}` : problem.message;
    } else {
      rest.push(problem.message);
    }
  }
  const line = form.querySelector(".form-problem");
  if (line) line.textContent = rest.join(" ");
  return problems.length > 0 || rest.length > 0;
}

/** A debounced function that can also be called off (a save cancels the pending check). */
export type Debounced<A extends unknown[]> = ((...a: A) => void) & { cancel(): void };

/** Runs `f` after the person stops typing for `ms`. */
export function debounce<A extends unknown[]>(f: (...a: A) => void, ms: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (...a: A) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      f(...a);
    }, ms);
  };
  return Object.assign(run, {
    cancel: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  });
}
