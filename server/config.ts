// Configuration from the environment; every value has a default that works for `npm start`.
import { join } from "node:path";

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  jwtSecret?: string;
  tokenTtlSeconds: number;
  oidc?: { issuer: string; jwksUrl: string; audience?: string };
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
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const root = new URL("../", import.meta.url).pathname;
  const oidc = env.OIDC_ISSUER && env.OIDC_JWKS_URL ? { issuer: env.OIDC_ISSUER, jwksUrl: env.OIDC_JWKS_URL, audience: env.OIDC_AUDIENCE } : undefined;
  return {
    port: intOr(env.PORT, 3000),
    host: env.HOST ?? "127.0.0.1",
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR ?? join(root, "data"),
    jwtSecret: env.JWT_SECRET || undefined,
    tokenTtlSeconds: intOr(env.TOKEN_TTL_SECONDS, 8 * 3600),
    oidc,
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
  };
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
