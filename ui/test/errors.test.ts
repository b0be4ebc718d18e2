import { describe, expect, it } from "vitest";
import { fieldsOf, forWindow, messageOf } from "../src/lib/errors";

describe("messages in windows", () => {
  it("drop terminal commands and backticks", () => {
    const cases: [string, string][] = [
      ["`Acme Corp` is not a valid id", "“Acme Corp” is not a valid id"],
      ["no shortcut `acme-prd`; see `rolehop list` (12 known)", "no shortcut “acme-prd”"],
      ["no shortcut `acme-prd`; did you mean acme-prod? (see `rolehop list`)", "no shortcut “acme-prd”; did you mean acme-prod?"],
      ["not fetched yet: run `rolehop layers refresh`", "not fetched yet"],
      [
        "no keys are stored for identity `me`; run `rolehop setup --identity me …` to store them",
        "no keys are stored for identity “me”",
      ],
      [
        "`account=acme` is an account alias, not a 12-digit account id: add the shortcut with the account's id (`rolehop add shortcut … --account 123456789012`)",
        "“account=acme” is an account alias, not a 12-digit account id: add the shortcut with the account's id",
      ],
      ["AWS refused the key. Check it.", "AWS refused the key. Check it."],
    ];
    for (const [raw, shown] of cases) expect(forWindow(raw)).toBe(shown);
  });

  it("apply to what the shell sends", () => {
    const e = { kind: "invalid_input", message: "bad `x`", fields: [{ field: "id", message: "`Acme Corp` is not a valid id" }] };
    expect(messageOf(e)).toBe("bad “x”");
    expect(fieldsOf(e)[0].message).toBe("“Acme Corp” is not a valid id");
  });
});
