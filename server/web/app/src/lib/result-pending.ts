// Whether the result of a case is still to be made: an apology notice (văn bản xin lỗi, a new
// appointment for a dossier that will be late) only makes sense then. The result is the signed
// paper, so it is pending while a signature checkpoint can still be reached from the current
// state; once signed (result ready, returned, archiving) the appointment is met or missed already.
// A procedure with no signature checkpoint keeps the notice on every open step.
import type { Procedure } from "./types.js";

export function resultPending(def: Procedure, state: string): boolean {
  const signing = Object.entries(def.states).filter(([, s]) => s.kind === "signature").map(([id]) => id);
  if (signing.length === 0) return def.states[state]?.kind !== "final";
  const seen = new Set([state]);
  const queue = [state];
  while (queue.length) {
    const at = queue.shift()!;
    if (signing.includes(at)) return true;
    for (const a of def.actions) {
      if (a.from.includes(at) && !seen.has(a.to)) {
        seen.add(a.to);
        queue.push(a.to);
      }
    }
  }
  return false;
}
