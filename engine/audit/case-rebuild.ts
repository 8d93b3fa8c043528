// Rebuilds the case, entry by entry, from the changes its chain recorded (scheme v2 entries), and
// checks that each rebuilt state hashes to the entry's stateHash. The result says, for every entry,
// what the case was after it, and which entry last set each member, so a difference between the
// row and the chain can name both the field and the step where they part.
import { applyPatch } from "rfc6902";
import type { AuditEntry } from "../case.js";
import { caseStateHash, committedCase, type ChangeOp, type CommittedCase } from "./case-state.js";

export interface RebuiltCase {
  /** The case after each entry (by position); undefined from the first entry that cannot be rebuilt. */
  states: Array<CommittedCase | undefined>;
  /** Per entry, why its recorded changes do not rebuild its stateHash; undefined when they do. */
  problems: Array<"changes-malformed" | "state-mismatch" | "legacy" | undefined>;
  /** Each change's path and the position of its entry, in order. */
  touched: Array<{ path: string; seq: number }>;
}

// A patch path through these would reach an object's prototype, not the dossier.
const UNSAFE = /(^|\/)(__proto__|constructor|prototype)(\/|$)/;

export function rebuildCase(entries: readonly AuditEntry[]): RebuiltCase {
  const out: RebuiltCase = { states: [], problems: [], touched: [] };
  let current: CommittedCase | undefined = {};
  entries.forEach((e, i) => {
    if (e?.v !== 2 || current === undefined) {
      // A scheme-1 entry records no changes: the case cannot be rebuilt past it.
      current = undefined;
      out.states.push(undefined);
      out.problems.push(e?.v === 2 ? "state-mismatch" : "legacy");
      return;
    }
    const next = applyChanges(current, e.changes);
    if (next === undefined) {
      current = undefined;
      out.states.push(undefined);
      out.problems.push("changes-malformed");
      return;
    }
    for (const op of e.changes ?? []) out.touched.push({ path: op.path, seq: i });
    current = next;
    out.states.push(next);
    out.problems.push(caseStateHash(next) === e.stateHash ? undefined : "state-mismatch");
  });
  return out;
}

/** The case after `changes`, or undefined if they are not a well-formed patch that applies cleanly. */
function applyChanges(before: CommittedCase, changes: unknown): CommittedCase | undefined {
  if (!Array.isArray(changes)) return undefined;
  let doc: unknown = JSON.parse(JSON.stringify(before));
  for (const op of changes as ChangeOp[]) {
    if (!op || typeof op !== "object" || typeof op.path !== "string" || UNSAFE.test(op.path)) return undefined;
    if (op.path === "") {
      // Replacing the whole document (the intake entry); rfc6902 leaves the root to the caller.
      if (op.op !== "replace" && op.op !== "add") return undefined;
      doc = JSON.parse(JSON.stringify((op as { value?: unknown }).value ?? null));
      continue;
    }
    if (doc === null || typeof doc !== "object") return undefined;
    const [error] = applyPatch(doc, [op]);
    if (error) return undefined;
  }
  return doc !== null && typeof doc === "object" && !Array.isArray(doc) ? committedCase(doc as CommittedCase) : undefined;
}

/** The entry where a member was last set: the latest change at, above or below `pointer`. */
export function lastSetAt(touched: RebuiltCase["touched"], pointer: string): number | undefined {
  let seq: number | undefined;
  for (const t of touched) {
    const related = t.path === "" || t.path === pointer || pointer.startsWith(`${t.path}/`) || t.path.startsWith(`${pointer}/`);
    if (related) seq = t.seq;
  }
  return seq;
}
