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

export function messageOf(e: unknown): string {
  if (isIpcError(e)) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

export function fieldsOf(e: unknown): FieldProblem[] {
  return isIpcError(e) && Array.isArray(e.fields) ? e.fields : [];
}
