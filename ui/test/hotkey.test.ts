import { describe, expect, it } from "vitest";
import { accelerator, keyName } from "../src/lib/hotkey";

const press = (code: string, mods: Partial<{ ctrlKey: boolean; altKey: boolean; shiftKey: boolean; metaKey: boolean }> = {}) => ({
  code, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...mods,
});

describe("hotkey", () => {
  it("names keys as the shell's parser reads them", () => {
    const rows: [string, string | null][] = [
      ["KeyK", "K"], ["Digit1", "1"], ["Space", "Space"], ["F12", "F12"], ["ArrowUp", "ArrowUp"],
      ["Backquote", "Backquote"], ["ControlLeft", null], ["AltRight", null], ["ShiftLeft", null], ["MetaLeft", null], ["", null],
    ];
    for (const [code, want] of rows) expect(keyName(code), code).toBe(want);
  });

  it("takes a combination with a modifier, or a function key alone", () => {
    const rows: [ReturnType<typeof press>, string | null, string][] = [
      [press("Space", { ctrlKey: true, altKey: true }), "Ctrl+Alt+Space", "Ctrl+Alt+Space"],
      [press("KeyK", { ctrlKey: true, shiftKey: true }), "Ctrl+Shift+K", "Ctrl+Shift+K"],
      [press("KeyP", { metaKey: true }), "Super+P", "Super+P"],
      [press("F8"), "F8", "F8"],
      [press("ControlLeft", { ctrlKey: true }), null, "Ctrl+…"],
      [press("AltLeft", { ctrlKey: true, altKey: true }), null, "Ctrl+Alt+…"],
      [press("KeyK"), null, "K"],
    ];
    for (const [e, combo, shown] of rows) {
      const a = accelerator(e);
      expect(a.combo, e.code).toBe(combo);
      expect(a.partial, e.code).toBe(shown);
    }
    expect(accelerator(press("KeyK")).problem).toContain("Hold Ctrl");
  });
});
