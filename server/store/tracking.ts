// The tracking secrets' hashes (migration 0023), beside the cases they open.
import type { Queryable } from "../db/database.js";
import type { CaseState } from "../../engine/case.js";
import { rowToCase } from "./cases.js";

/** The case with this dossier code and its secret's hash (undefined when none was issued), in one round trip. */
export async function getTracked(q: Queryable, code: string): Promise<{ case: CaseState; hash: string | undefined } | undefined> {
  const r = await q.query<Record<string, unknown>>("select c.*, t.secret_hash as tracking_hash from cases c left join case_tracking t on t.case_id = c.id where c.code = $1", [code]);
  const row = r.rows[0];
  return row ? { case: rowToCase(row), hash: typeof row.tracking_hash === "string" ? row.tracking_hash : undefined } : undefined;
}

export async function trackingHashOf(q: Queryable, caseId: string): Promise<string | undefined> {
  const r = await q.query<{ secret_hash: string }>("select secret_hash from case_tracking where case_id = $1", [caseId]);
  return r.rows[0]?.secret_hash;
}

/** A new secret for a case (the citizen lost the receipt): the old one stops working at once. */
export async function replaceTrackingHash(q: Queryable, c: Pick<CaseState, "id" | "province">, hash: string, at: string): Promise<void> {
  await q.query(
    `insert into case_tracking (case_id, province, secret_hash, issued_at) values ($1, $2, $3, $4)
     on conflict (case_id) do update set secret_hash = excluded.secret_hash, issued_at = excluded.issued_at`,
    [c.id, c.province, hash, at],
  );
}
