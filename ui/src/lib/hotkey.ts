// The switcher's hotkey, recorded by pressing it: a key press becomes the accelerator text the
// shell's global-shortcut parser reads ("Ctrl+Alt+Space"). The key is named by its position
// (`KeyboardEvent.code`), so a layout's shifted characters do not change what is recorded.
import { h } from "./dom";

export interface KeyPress {
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

const MODIFIER_CODES = /^(Control|Alt|Shift|Meta|OS|Super|Hyper)(Left|Right)?$|^AltGraph$/;

/** The modifiers held, in the order people write them. */
export function modifiers(e: KeyPress): string[] {
  return [e.ctrlKey && "Ctrl", e.altKey && "Alt", e.shiftKey && "Shift", e.metaKey && "Super"].filter((m): m is string => !!m);
}

/** The key's name as the accelerator has it (`KeyK` → `K`, `Digit1` → `1`, `Space`, `F5`). */
export function keyName(code: string): string | null {
  if (!code || MODIFIER_CODES.test(code)) return null;
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1];
  const digit = /^Digit([0-9])$/.exec(code);
  if (digit) return digit[1];
  return code;
}

/**
 * A complete combination, or `null` while only modifiers are held. A global hotkey needs a
 * modifier (a plain letter would be taken from every program), except the function keys.
 */
export function accelerator(e: KeyPress): { combo: string | null; partial: string; problem: string | null } {
  const mods = modifiers(e);
  const key = keyName(e.code);
  const partial = [...mods, "…"].join("+");
  if (!key) return { combo: null, partial, problem: null };
  const combo = [...mods, key].join("+");
  if (mods.length === 0 && !/^F([1-9]|1[0-9]|2[0-4])$/.test(key)) {
    return { combo: null, partial: combo, problem: "Hold Ctrl, Alt, Shift or Super with the key: every program would lose a key pressed alone." };
  }
  return { combo, partial: combo, problem: null };
}

/**
 * A field that records a key combination when focused and a key is pressed. Tab and
 * Shift+Tab still move the focus; Escape puts back what was there; Backspace alone clears.
 * `onchange` gets each complete combination.
 */
export function hotkeyRecorder(initial: string, onchange: (combo: string) => void, onproblem: (problem: string | null) => void): HTMLInputElement {
  const input = h("input", {
    id: "f-hotkey",
    name: "hotkey",
    class: "hotkey-recorder",
    readonly: true,
    value: initial,
    placeholder: "Press the keys…",
    "aria-describedby": "f-hotkey-problem f-hotkey-hint",
    "aria-label": "Switcher hotkey: press the key combination",
  });
  // What Escape puts back (the value when the field got the focus), and the last complete
  // combination (what a released half combination falls back to).
  let saved = initial;
  let current = initial;
  input.addEventListener("focus", () => { saved = input.value; current = input.value; });
  input.addEventListener("keydown", (e) => {
    const plain = !e.ctrlKey && !e.altKey && !e.metaKey;
    if (e.key === "Tab" && plain) return;
    e.preventDefault();
    e.stopPropagation();
    if (e.key === "Escape" && plain && !e.shiftKey) {
      input.value = saved;
      current = saved;
      onproblem(null);
      input.blur();
      return;
    }
    if (e.key === "Backspace" && plain && !e.shiftKey) {
      input.value = "";
      current = "";
      onproblem(null);
      return;
    }
    const a = accelerator(e);
    input.value = a.combo ?? a.partial;
    onproblem(a.problem);
    if (a.combo) {
      current = a.combo;
      onchange(a.combo);
    }
  });
  // Releasing only modifiers leaves no half combination behind.
  input.addEventListener("keyup", () => {
    if (input.value.endsWith("…")) input.value = current;
  });
  return input;
}
