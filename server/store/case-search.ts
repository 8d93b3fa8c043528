// Search over open and closed cases by what a citizen tells the counter: a name (accents ignored),
// a personal ID number, a phone number or the case code. The matching text is the index expression
// of migration 0015 (case_search_text), so the query below must spell it exactly as the index does.
import type { Queryable } from "../db/database.js";
import type { CaseState } from "../../engine/case.js";
import { rowToCase } from "./cases.js";

export interface CaseSearch {
  units: string[];
  /** What was typed: one phrase, matched as a whole anywhere in the case's code or dossier text. */
  text: string;
  limit: number;
}

/** A phrase as the search compares it: NFC (unaccent knows precomposed letters), single spaces. */
export function searchPhrase(text: string): string {
  return text.normalize("NFC").trim().replace(/\s+/g, " ");
}

/** LIKE treats % _ and \ specially: a citizen's input must match them literally. */
const likeLiteral = (s: string) => s.replace(/[\\%_]/g, "\\$&");

/** Newest received first; trigram-indexed for phrases of three characters or more. */
export async function searchCases(q: Queryable, f: CaseSearch): Promise<CaseState[]> {
  const r = await q.query(
    `select * from cases
      where unit = any($1) and case_search_text(code, data) like '%' || search_fold($2) || '%'
      order by received_at desc, id limit $3`,
    [f.units, likeLiteral(searchPhrase(f.text)), f.limit],
  );
  return r.rows.map(rowToCase);
}
