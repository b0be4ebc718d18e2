// Errors from the shell arrive as `IpcError { kind, message, fields }`; anything else (a
// bug, a refused permission) is shown by its text.
import type { FieldProblem, IpcError, IpcErrorKind } from "../bindings";

export function isIpcError(e: unknown): e is IpcError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as IpcError).kind === "string" &&
    typeof (e as IpcError).message === "string"
  );
}

export function kindOf(e: unknown): IpcErrorKind | "unknown" {
  return isIpcError(e) ? e.kind : "unknown";
}

/**
 * A message written for the terminal (the CLI's and the core's share one text) as a window
 * shows it: no terminal commands (a "; see `rolehop list`" or "(run `rolehop …`)" hint goes;
 * a window has its own buttons) and no backticks (`Acme Corp` reads “Acme Corp”).
 */
export function forWindow(text: string): string {
  const command = "`rolehop[^`]*`";
  return text
    // "(see `rolehop list`)", "(`rolehop add shortcut … --account 1`)"
    .replace(new RegExp(`\\s*\\((?:(?:see|run|use)\\s+)?${command}\\)`, "g"), "")
    // "; see `rolehop list` (3 known)", ": run `rolehop layers refresh`", ", or pick … (see …)"
    .replace(new RegExp(`\\s*[;:,]\\s*(?:see|run|use)\\s+${command}[^.;]*`, "g"), "")
    // "; run `rolehop setup --identity me …` to store them"
    .replace(new RegExp(`\\s*(?:see|run|use)\\s+${command}[^.;]*`, "g"), "")
    .replace(/`([^`]*)`/g, "“$1”")
    .replace(/\s+([.,;:])/g, "$1")
    .trim();
}

export function messageOf(e: unknown): string {
  if (isIpcError(e)) return forWindow(e.message);
  if (e instanceof Error) return forWindow(e.message);
  return forWindow(String(e));
}

export function fieldsOf(e: unknown): FieldProblem[] {
  return isIpcError(e) && Array.isArray(e.fields)
    ? e.fields.map((f) => ({ ...f, message: forWindow(f.message) }))
    : [];
}
