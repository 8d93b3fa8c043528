// Search over open and closed cases by what a citizen tells the counter: a name (accents ignored),
// a personal ID number, a phone number or the case code, matched as whole words in that order
// ("nguyen van duc" finds "Nguyễn Văn Đức Anh"). The matching text is the index expression of
// migration 0015, so the query below must spell it exactly as the index does.
import { collapsedText } from "../../engine/text.js";
import type { Queryable } from "../db/database.js";
import type { CaseState } from "../../engine/case.js";
import { rowToCase } from "./cases.js";

export interface CaseSearch {
  units: string[];
  /** What was typed: one phrase, its words found one after the other in the case's code or dossier text. */
  text: string;
  limit: number;
}

/** A phrase as the search compares it: NFC (unaccent knows precomposed letters), single spaces. */
export function searchPhrase(text: string): string {
  return collapsedText(text);
}

/** Newest received first. phraseto_tsquery reads any text (punctuation is only a word break). */
export async function searchCases(q: Queryable, f: CaseSearch): Promise<CaseState[]> {
  const r = await q.query(
    `select * from cases
      where unit = any($1) and to_tsvector('simple', case_search_text(code, data)) @@ phraseto_tsquery('simple', search_fold($2))
      order by received_at desc, id limit $3`,
    [f.units, searchPhrase(f.text), f.limit],
  );
  return r.rows.map(rowToCase);
}
