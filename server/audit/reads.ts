// Reads of personal data are evidence too (DOMAIN: "who looked is recorded too"). Every route that
// returns a dossier's personal data records who read which cases, when, through which route and,
// for auditors, the purpose they stated, before the answer leaves the server: if the record cannot
// be written, the data is not served.
//
// A read record is a registry record of its own stream ("read:<id>", seq 0): sealed like every
// record and appended to the Merkle log by the sequencer, one record for a whole list (an inbox page
// of 50 dossiers is one INSERT, not 50), with no stream head to lock, so readers never wait on each
// other. Who read a case is found through the sealed record itself (a GIN index over the case ids
// it names), so there is no separate index table whose rows could be deleted to hide a read; a
// record deleted after it was logged shows in the log's verification (server/audit/verify-log.ts).
import type { Queryable } from "../db/database.js";
import { nextRegistryEntry, type RegistryEntry } from "../../engine/audit/registry-entry.js";
import { sealMessage } from "../../engine/audit/leaf.js";
import type { SealedRecord } from "../../engine/audit/bundle.js";
import type { LogKey } from "./log-key.js";
import { recordRow, type RegistryRow } from "./registry.js";

export interface Reader {
  id: string;
  province: string;
}

export interface ReadLogOptions {
  db: Queryable;
  key: LogKey;
  clock: () => string;
  newId: () => string;
  /** Off only to measure what recording costs (READ_AUDIT=off in the HTTP bench); never in service. */
  enabled?: boolean;
}

export const READ_ACTION = "read";
const MAX_PURPOSE = 500;

export class ReadLog {
  constructor(private readonly o: ReadLogOptions) {}

  /** Records that `reader` received the personal data of `caseIds` through `route`. No cases, no record. */
  async record(reader: Reader, route: string, caseIds: readonly string[], purpose?: string): Promise<void> {
    if (this.o.enabled === false || caseIds.length === 0) return;
    const stream = `read:${this.o.newId()}`;
    const data = { route, cases: [...new Set(caseIds)], ...(purpose ? { purpose: purpose.normalize("NFC").slice(0, MAX_PURPOSE) } : {}) };
    const entry = nextRegistryEntry(undefined, { stream, at: this.o.clock(), actor: { id: reader.id }, action: READ_ACTION, province: reader.province, data });
    await this.o.db.query(
      "insert into registry_entries (stream, seq, province, actor_id, action, at, hash, prev_hash, entry, seal) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)",
      [stream, 0, reader.province, reader.id, READ_ACTION, entry.at, entry.hash, entry.prevHash, JSON.stringify(entry), this.o.key.seal(sealMessage(stream, 0, entry.hash))],
    );
  }
}

/** The sealed read records that name a case, oldest first, as stored (the verifier decides what they prove). */
export async function readsOf(q: Queryable, caseId: string): Promise<Array<{ entry: RegistryEntry; seal: string | null; logIndex: number | null; row: SealedRecord["row"] }>> {
  const r = await q.query<RegistryRow>(
    `select * from registry_entries where entry ->> 'action' = 'read' and entry -> 'data' -> 'cases' @> $1::jsonb order by at, stream`,
    [JSON.stringify([caseId])],
  );
  return r.rows.map((x) => ({ entry: x.entry, seal: x.seal, logIndex: x.log_index === null ? null : Number(x.log_index), row: recordRow(x) }));
}
