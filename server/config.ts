// Configuration from the environment; every value has a default that works for `npm start`.
// A setting that would run the server less safely than it looks (OpenID Connect without an
// audience) is refused at start rather than defaulted.
import { join } from "node:path";
import type { DatabaseTimeouts } from "./db/database.js";
import type { OidcConfig } from "./http/auth.js";
import { ATTACHMENT_MAX_BYTES } from "./attachments/file-store.js";

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  jwtSecret?: string;
  tokenTtlSeconds: number;
  oidc?: OidcConfig;
  /** DB_CONNECT_TIMEOUT_SECONDS, DB_STATEMENT_TIMEOUT_SECONDS, DB_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS. */
  dbTimeouts: DatabaseTimeouts;
  /** HTTP_REQUEST_TIMEOUT_SECONDS and HTTP_HEADERS_TIMEOUT_SECONDS: how long a client may take to send a request. */
  http: { requestTimeoutMs: number; headersTimeoutMs: number };
  trustDir?: string;
  calendarFile: string;
  proceduresDir: string;
  seedDemo: boolean;
  checkpointIntervalSeconds: number;
  /** Public result checks per client address per minute (PUBLIC_CHECKS_PER_MINUTE). */
  publicChecksPerMinute: number;
  /** Express "trust proxy" (TRUST_PROXY): hop count, "loopback", subnets...; unset behind no proxy. */
  trustProxy?: string | number | boolean;
  /** RFC 3161 timestamp authority for signature checkpoints (TSA_URL); unset: the development TSA with the development CA, else none. */
  tsaUrl?: string;
  tsaTimeoutMs: number;
  /** Fetch OCSP responses from the responders certificates name (OCSP_FETCH, default on). */
  ocspFetch: boolean;
  ocspTimeoutMs: number;
  /** Server processes on one port (WORKERS, default 1); more than one needs the PostgreSQL server. */
  workers: number;
  /** The Prometheus endpoint (METRICS_PORT, METRICS_HOST, METRICS_TOKEN); unset port: no endpoint. */
  metrics?: { port: number; host: string; token?: string };
  /** Largest uploaded scan in bytes (ATTACHMENT_MAX_BYTES, default 20 MB); the files live in DATA_DIR/attachments. */
  attachmentMaxBytes: number;
  /** Where the citizen's notices go (SMTP_URL, SMS_GATEWAY_URL, ZALO_GATEWAY_URL...; server/outbox/notice-targets.ts). */
  notices: NoticeConfig;
}

export interface NoticeConfig {
  /** smtp:// or smtps:// with credentials in the URL, e.g. smtps://user:pass@mail.example.gov.vn:465. */
  smtpUrl?: string;
  /** The From of notice emails (NOTICE_EMAIL_FROM). */
  emailFrom: string;
  smsGatewayUrl?: string;
  /** Sent as Authorization: Bearer to the SMS gateway (SMS_GATEWAY_TOKEN). */
  smsGatewayToken?: string;
  zaloGatewayUrl?: string;
  zaloGatewayToken?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const root = new URL("../", import.meta.url).pathname;
  return {
    port: intOr(env.PORT, 3000),
    host: env.HOST ?? "127.0.0.1",
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR ?? join(root, "data"),
    jwtSecret: env.JWT_SECRET || undefined,
    tokenTtlSeconds: intOr(env.TOKEN_TTL_SECONDS, 8 * 3600),
    oidc: oidcOf(env),
    dbTimeouts: {
      connectMs: secondsOr(env.DB_CONNECT_TIMEOUT_SECONDS, 5) * 1000,
      statementMs: secondsOr(env.DB_STATEMENT_TIMEOUT_SECONDS, 10) * 1000,
      idleInTransactionMs: secondsOr(env.DB_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS, 10) * 1000,
    },
    http: {
      requestTimeoutMs: secondsOr(env.HTTP_REQUEST_TIMEOUT_SECONDS, 30) * 1000,
      headersTimeoutMs: secondsOr(env.HTTP_HEADERS_TIMEOUT_SECONDS, 10) * 1000,
    },
    trustDir: env.TRUST_DIR || undefined,
    calendarFile: env.CALENDAR_FILE ?? join(root, "procedures/calendars/VN.json"),
    proceduresDir: env.PROCEDURES_DIR ?? join(root, "procedures"),
    seedDemo: env.SEED_DEMO !== "false",
    checkpointIntervalSeconds: intOr(env.CHECKPOINT_INTERVAL_SECONDS, 60),
    publicChecksPerMinute: intOr(env.PUBLIC_CHECKS_PER_MINUTE, 30),
    trustProxy: trustProxyOf(env.TRUST_PROXY),
    tsaUrl: env.TSA_URL || undefined,
    tsaTimeoutMs: intOr(env.TSA_TIMEOUT_MS, 10_000),
    ocspFetch: env.OCSP_FETCH !== "off" && env.OCSP_FETCH !== "false",
    ocspTimeoutMs: intOr(env.OCSP_TIMEOUT_MS, 3000),
    workers: workersOf(env),
    metrics: metricsOf(env),
    attachmentMaxBytes: intOr(env.ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_BYTES),
    notices: noticeConfigOf(env),
  };
}

/** A notice channel's address is checked at start: a typo would otherwise only show as notices failing one by one. */
export function noticeConfigOf(env: NodeJS.ProcessEnv): NoticeConfig {
  const url = (name: string, schemes: string[]) => {
    const v = env[name] || undefined;
    if (v === undefined) return undefined;
    let scheme = "";
    try {
      scheme = new URL(v).protocol.replace(/:$/, "");
    } catch {
      // reported below
    }
    if (!schemes.includes(scheme)) throw new ConfigError(`${name} must be a ${schemes.join(" or ")} URL, got '${v.replace(/\/\/[^@/]*@/, "//…@")}'`);
    return v;
  };
  return {
    smtpUrl: url("SMTP_URL", ["smtp", "smtps"]),
    emailFrom: env.NOTICE_EMAIL_FROM || "motcua <no-reply@motcua.local>",
    smsGatewayUrl: url("SMS_GATEWAY_URL", ["http", "https"]),
    smsGatewayToken: env.SMS_GATEWAY_TOKEN || undefined,
    zaloGatewayUrl: url("ZALO_GATEWAY_URL", ["http", "https"]),
    zaloGatewayToken: env.ZALO_GATEWAY_TOKEN || undefined,
  };
}

export class ConfigError extends Error {}

/** PGlite is one process's database: several workers would each open their own copy. */
function workersOf(env: NodeJS.ProcessEnv): number {
  if (env.WORKERS === undefined || env.WORKERS === "") return 1;
  const n = Number(env.WORKERS);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new ConfigError(`WORKERS must be an integer from 1 to 64, got '${env.WORKERS}'`);
  if (n > 1 && !env.DATABASE_URL) throw new ConfigError("WORKERS above 1 needs DATABASE_URL: the embedded database serves one process only");
  return n;
}

/** Bound to loopback unless told otherwise: the figures name routes and procedures, never people, but an operator decides who scrapes. */
function metricsOf(env: NodeJS.ProcessEnv): Config["metrics"] {
  if (env.METRICS_PORT === undefined || env.METRICS_PORT === "") return undefined;
  const port = Number(env.METRICS_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`METRICS_PORT must be a port number, got '${env.METRICS_PORT}'`);
  const host = env.METRICS_HOST || "127.0.0.1";
  const token = env.METRICS_TOKEN || undefined;
  if (!token && !isLoopback(host)) throw new ConfigError(`METRICS_HOST ${host} is reachable from other machines: set METRICS_TOKEN too`);
  return { port, host, token };
}

const isLoopback = (host: string) => host === "localhost" || host === "::1" || host.startsWith("127.");

/** All of issuer, JWKS and audience, or none: a partial OpenID Connect setting is a mistake, not a default. */
function oidcOf(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const given = (["OIDC_ISSUER", "OIDC_JWKS_URL", "OIDC_AUDIENCE"] as const).filter((k) => env[k]);
  if (given.length === 0) return undefined;
  if (given.length < 3) {
    const missing = ["OIDC_ISSUER", "OIDC_JWKS_URL", "OIDC_AUDIENCE"].filter((k) => !env[k]);
    throw new ConfigError(`OpenID Connect needs ${missing.join(" and ")} too (tokens for another audience would otherwise be accepted)`);
  }
  return { issuer: env.OIDC_ISSUER!, jwksUrl: env.OIDC_JWKS_URL!, audience: env.OIDC_AUDIENCE!, usernameClaim: env.OIDC_USERNAME_CLAIM || "preferred_username" };
}

/** Express's own forms: a hop count, true, or addresses/subnets/names like "loopback, 10.0.0.0/8". */
function trustProxyOf(v: string | undefined): string | number | boolean | undefined {
  if (v === undefined || v === "") return undefined;
  if (/^\d+$/.test(v)) return Number(v);
  return v === "true" ? true : v === "false" ? false : v;
}

function intOr(v: string | undefined, d: number): number {
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) && n > 0 ? n : d;
}

/** Seconds, fractions allowed (a test's short timeout); anything else falls back to the default. */
function secondsOr(v: string | undefined, d: number): number {
  const n = v === undefined || v === "" ? NaN : Number(v);
  return Number.isFinite(n) && n > 0 ? n : d;
}
