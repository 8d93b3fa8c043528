// The case row against its chain: every member of the case as the database (or the bundle) shows
// it must equal the case the chain rebuilds, and the row's other columns must follow from it. Each
// difference is a finding with the field (JSON pointer), the column and the entry where the row and
// the chain part.
import type { CaseState } from "../case.js";
import { dossierHash } from "./entry.js";
import { committedCase } from "./case-state.js";
import { jsonDifferences } from "./json-diff.js";
import { lastSetAt, type RebuiltCase } from "./case-rebuild.js";
import type { CaseRowExtras } from "./bundle.js";
import type { Finding } from "./findings.js";
import { type CaseFee, feeFigures } from "../fee.js";

/** The cases column that holds a CaseState member: the names are the same, in snake case. */
export function caseColumn(pointer: string): string {
  const member = pointer.split("/")[1] ?? "";
  return `cases.${member.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`)}`;
}

export function verifyCaseRow(
  row: CaseState,
  extras: CaseRowExtras | undefined,
  rebuilt: RebuiltCase,
  last: { dossierHash?: string; seq: number } | undefined,
  ownerOf: (state: string) => string | null | undefined,
): Finding[] {
  const findings: Finding[] = [];
  const final = rebuilt.states.at(-1);
  if (final === undefined) {
    // A chain written before scheme 2 commits only to the dossier's hash: check what it can.
    if (last?.dossierHash !== undefined && last.dossierHash !== dossierHash(row.data, row.documents)) {
      findings.push({ reason: "case.dossier-mismatch", params: { column: "cases.data", seq: last.seq }, detail: "the dossier differs from the one the last entry recorded" });
    }
    return findings;
  }
  for (const pointer of jsonDifferences(committedCase(row), final)) {
    const seq = lastSetAt(rebuilt.touched, pointer) ?? 0;
    findings.push({ reason: "case.field-mismatch", params: { pointer, column: caseColumn(pointer), seq }, detail: `${pointer} differs from what entry ${seq} recorded` });
  }
  if (extras) {
    const first = rebuilt.states[0];
    if (first && extras.originalUnit !== first.unit) {
      findings.push({ reason: "case.column-mismatch", params: { column: "cases.original_unit", seq: 0 }, detail: `the case was received by ${String(first.unit)}, the row says ${extras.originalUnit}` });
    }
    const owner = ownerOf(String(final.state)) ?? null;
    if ((extras.ownerRole ?? null) !== owner) {
      findings.push({ reason: "case.column-mismatch", params: { column: "cases.owner_role", seq: rebuilt.states.length - 1 }, detail: `state ${String(final.state)} is owned by ${owner ?? "nobody"}, the row says ${extras.ownerRole ?? "nobody"}` });
    }
    const figures = feeFigures(final.fee as CaseFee | undefined);
    for (const [key, column] of [["feeDue", "cases.fee_due"], ["feeCollected", "cases.fee_collected"]] as const) {
      if (extras[key] === undefined || extras[key] === figures[key]) continue;
      findings.push({ reason: "case.column-mismatch", params: { column, seq: lastSetAt(rebuilt.touched, "/fee") ?? 0 }, detail: `the fee recorded in the chain gives ${figures[key] ?? "none"}, the row says ${extras[key] ?? "none"}` });
    }
  }
  return findings;
}
