// Assembles the application from its parts; `main.ts` and the tests both build it here.
import { webcrypto } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type express from "express";
import type { Database } from "./db/database.js";
import { Authenticator, type AuthConfig } from "./http/auth.js";
import { CaseService } from "./cases/service.js";
import { ProcedureCache } from "./store/procedures.js";
import { createApp } from "./http/app.js";
import { ids as defaultIds } from "./ids.js";
import { createLogger, type Logger } from "./log.js";
import type { WorkingCalendar } from "../engine/calendar.js";
import type { TrustStore } from "../engine/signature/types.js";
import { sealMessage } from "../engine/audit/leaf.js";
import { TransparencyLog } from "./audit/log.js";
import type { LogKey } from "./audit/log-key.js";
import { readCalendar } from "./calendar-file.js";
import { SigningEvidence, type SigningEvidenceOptions } from "./pki/signing-evidence.js";
import { IdempotencyClaims } from "./cases/idempotency.js";
import { ReadLog } from "./audit/reads.js";
import type { Metrics } from "./metrics/registry.js";
import { databaseGauges } from "./metrics/database-gauges.js";
import { AttachmentFiles, ATTACHMENT_MAX_BYTES } from "./attachments/file-store.js";

export interface WireOptions {
  db: Database;
  jwtSecret: Uint8Array;
  /** Signs checkpoints and seals committed records. */
  logKey: LogKey;
  logOrigin?: string;
  calendar?: WorkingCalendar;
  clock?: () => string;
  trust?: () => Promise<TrustStore>;
  /** OCSP fetching and the timestamp authority for signature checkpoints; default: OCSP on, no TSA. */
  signing?: Omit<SigningEvidenceOptions, "crypto" | "log">;
  oidc?: AuthConfig["oidc"];
  /** Lifetime of a local login token (TOKEN_TTL_SECONDS); default 8 hours. */
  tokenTtlSeconds?: number;
  /** Public result checks per client address per minute (each re-verifies a whole case); default 30. */
  publicChecksPerMinute?: number;
  /** Express "trust proxy", so client addresses are the callers' behind a reverse proxy. */
  trustProxy?: string | number | boolean;
  log?: Logger;
  ids?: typeof defaultIds;
  /** How long an Idempotency-Key claim holds without its process's heartbeat (default 5 s). */
  idempotencyLeaseMs?: number;
  /** Record reads of personal data (default on; off only to measure what it costs). */
  readAudit?: boolean;
  /** Prometheus metrics of this process (server/metrics); none when unset. */
  metrics?: Metrics;
  /**
   * Where uploaded papers are kept (DATA_DIR/attachments) and the largest accepted. Unset: a
   * directory under the OS temp dir, for tests and benches that upload nothing.
   */
  attachments?: { dir: string; maxBytes?: number };
  extend?: (app: express.Express, parts: Wired) => void;
  publicRoutes?: (app: express.Express) => void;
}

export interface Wired {
  app: express.Express;
  auth: Authenticator;
  cases: CaseService;
  procedures: ProcedureCache;
  clock: () => string;
  calendar: WorkingCalendar;
  log: Logger;
  tlog: TransparencyLog;
  idempotency: IdempotencyClaims;
  reads: ReadLog;
  attachments: AttachmentFiles;
}

export function wire(o: WireOptions): Wired {
  // Every instant the server records is in one spelling (ISO 8601, UTC, milliseconds), the one a
  // timestamptz column gives back: the chain commits to the case row, so a row read back must
  // spell its times as the step that wrote them did.
  const source = o.clock ?? (() => new Date().toISOString());
  const clock = () => new Date(source()).toISOString();
  const calendar = o.calendar ?? readCalendar();
  const log = o.log ?? createLogger();
  const procedures = new ProcedureCache();
  const auth = new Authenticator(o.db, { jwtSecret: o.jwtSecret, tokenTtlSeconds: o.tokenTtlSeconds ?? 8 * 3600, clock, oidc: o.oidc });
  const cases = new CaseService({
    db: o.db,
    procedures,
    calendar,
    clock,
    ids: o.ids ?? defaultIds,
    trust: o.trust ?? (async () => ({ anchors: [], intermediates: [], crls: [] })),
    crypto: webcrypto as unknown as Crypto,
    seal: (stream, seq, hash) => o.logKey.seal(sealMessage(stream, seq, hash)),
    signing: new SigningEvidence({ ocsp: true, ocspTimeoutMs: 3000, ...o.signing, crypto: webcrypto as unknown as Crypto, log }),
    onAction: o.metrics?.action,
  });
  if (o.metrics) databaseGauges(o.metrics, o.db, clock);
  const tlog = new TransparencyLog(o.db, o.logKey, o.logOrigin ?? "motcua.local/log", webcrypto as unknown as Crypto);
  const ids = o.ids ?? defaultIds;
  const reads = new ReadLog({ db: o.db, key: o.logKey, clock, newId: ids.readId, enabled: o.readAudit });
  const idempotency = new IdempotencyClaims(o.db, { leaseMs: o.idempotencyLeaseMs });
  const attachments = new AttachmentFiles(o.attachments?.dir ?? join(tmpdir(), "motcua-attachments"), o.attachments?.maxBytes ?? ATTACHMENT_MAX_BYTES);
  const parts: Omit<Wired, "app"> = { auth, cases, procedures, clock, calendar, log, tlog, reads, idempotency, attachments };
  const app = createApp({ db: o.db, auth, cases, idempotency, procedures, clock, log, tlog, reads, attachments, publicChecksPerMinute: o.publicChecksPerMinute ?? 30, metrics: o.metrics, trustProxy: o.trustProxy, extend: (a) => o.extend?.(a, { ...parts, app: a }), publicRoutes: o.publicRoutes });
  return { ...parts, app };
}
