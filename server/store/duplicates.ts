// Possible duplicates of a dossier: cases of the same procedure in the same province whose data
// holds equal values at every declared field (engine/duplicates.ts). Province-wide on purpose:
// the same child registered in another commune of the province is the case to catch. Values are
// compared as the case search compares names (search_fold of migration 0015: accents and case
// ignored), with surrounding and repeated spaces ignored too. A refused or withdrawn dossier
// registered nothing, so it is no duplicate.
import type { Queryable } from "../db/database.js";
import type { DuplicateKey } from "../../engine/duplicates.js";

export const MAX_DUPLICATES = 10;

export interface PossibleDuplicate {
  id: string;
  code: string;
  unit: string;
  state: string;
  receivedAt: string;
}

/** A JSON pointer as the path `#>>` takes: its reference tokens, unescaped. */
function pathOf(pointer: string): string[] {
  return pointer.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Newest received first, at most MAX_DUPLICATES. */
export async function findPossibleDuplicates(q: Queryable, f: { province: string; procedureId: string; key: DuplicateKey[] }): Promise<PossibleDuplicate[]> {
  const params: unknown[] = [f.province, f.procedureId];
  const equal = f.key.map((k) => {
    params.push(pathOf(k.field), k.value);
    const [path, value] = [params.length - 1, params.length];
    return `search_fold(regexp_replace(btrim(data #>> $${path}::text[]), '\\s+', ' ', 'g')) = search_fold($${value}::text)`;
  });
  // The search index (migration 0015) finds the few dossiers holding every value as a phrase
  // somewhere; the equalities above then keep those holding each at its own field. Without it a
  // province's every birth registration would be read. A value with no letter or digit makes no
  // phrase (an empty query matches nothing), so it is left to the equality alone.
  const phrases = f.key.filter((k) => /[\p{L}\p{N}]/u.test(k.value)).map((k) => {
    params.push(k.value);
    return `phraseto_tsquery('simple', search_fold($${params.length}::text))`;
  });
  const indexed = phrases.length > 0 ? `and to_tsvector('simple', case_search_text(code, data)) @@ (${phrases.join(" && ")})` : "";
  params.push(MAX_DUPLICATES);
  const r = await q.query<{ id: string; code: string; unit: string; state: string; received_at: unknown }>(
    `select id, code, unit, state, received_at from cases
      where province = $1 and procedure_id = $2 and outcome is distinct from 'refused' and outcome is distinct from 'withdrawn'
        ${indexed} and ${equal.join(" and ")}
      order by received_at desc, id limit $${params.length}`,
    params,
  );
  return r.rows.map((x) => ({ id: x.id, code: x.code, unit: x.unit, state: x.state, receivedAt: new Date(x.received_at as string).toISOString() }));
}
