// Authentication: local accounts (scrypt password hashes) get an HS256 JWT from POST /auth/login;
// when an OpenID Connect issuer is configured, its tokens (verified against its JWKS) are accepted
// instead. Either way, unit and roles come from our officials table, never from the client.
import { createSecretKey, randomBytes, scrypt as scryptCb, timingSafeEqual, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import type { NextFunction, Request, Response } from "express";
import { SignJWT, jwtVerify, createRemoteJWKSet, type JWTVerifyGetKey } from "jose";
import { VerifiedTokens } from "./verified-tokens.js";
import { MotcuaError } from "../../engine/errors.js";
import type { Database } from "../db/database.js";
import { getOfficialWithCertificates, findByUsername, type Official } from "../store/officials.js";
import { assertNotThrottled, clearFailures, recordFailure } from "./login-throttle.js";

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

/** A hash no password matches (random salt and key), checked for unknown usernames so they take as long. */
const UNKNOWN_USER_HASH = `scrypt$${randomBytes(16).toString("base64")}$${randomBytes(32).toString("base64")}`;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize("NFC"), salt, 32);
  return `scrypt$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await scrypt(password.normalize("NFC"), Buffer.from(salt, "base64"), expected.length);
  return timingSafeEqual(actual, expected);
}

export interface AuthConfig {
  jwtSecret: Uint8Array;
  tokenTtlSeconds: number;
  /** The server's clock (ISO instant), for the login throttle's window. */
  clock: () => string;
  oidc?: OidcConfig;
}

export interface OidcConfig {
  issuer: string;
  jwksUrl: string;
  /** Required: without it a token the issuer minted for any other application would be accepted. */
  audience: string;
  /** The claim holding the official's username (OIDC_USERNAME_CLAIM); no other claim is ever tried. */
  usernameClaim: string;
}

/** How far a token's clock may be ahead of ours (iat, nbf) or behind it (exp). */
export const TOKEN_CLOCK_SKEW_SECONDS = 60;

export interface Principal extends Official {
  certificates: string[];
}

declare module "express-serve-static-core" {
  interface Request {
    principal?: Principal;
  }
}

const ISSUER = "motcua";
const MAX_USERNAME = 254;

export class Authenticator {
  private readonly jwks?: JWTVerifyGetKey;

  /** Imported once: jose would otherwise re-import a raw secret on every request. */
  private readonly hmacKey: KeyObject;
  private readonly verified = new VerifiedTokens();

  constructor(private readonly db: Database, private readonly cfg: AuthConfig) {
    if (cfg.oidc) this.jwks = createRemoteJWKSet(new URL(cfg.oidc.jwksUrl));
    this.hmacKey = createSecretKey(cfg.jwtSecret);
  }

  async login(username: unknown, password: unknown): Promise<{ token: string; official: Official }> {
    // With an OpenID Connect issuer, only its tokens are accepted: a local token would be refused anyway.
    if (this.cfg.oidc) throw new MotcuaError("auth.local_login_disabled");
    if (typeof username !== "string" || typeof password !== "string") {
      throw new MotcuaError("request.invalid", "username and password are required", {
        errors: [
          ...(typeof username !== "string" ? [{ pointer: "/username", rule: "required", message: "must be a string" }] : []),
          ...(typeof password !== "string" ? [{ pointer: "/password", rule: "required", message: "must be a string" }] : []),
        ],
      });
    }
    // The username is stored in login_failures' index: longer than any real one (an e-mail address
    // is at most 254), it would not fit, and it cannot be an account anyway.
    if (username.length > MAX_USERNAME) {
      throw new MotcuaError("request.invalid", `username is at most ${MAX_USERNAME} characters`, { errors: [{ pointer: "/username", rule: "maxLength", message: `must be at most ${MAX_USERNAME} characters` }] });
    }
    const now = this.cfg.clock();
    await assertNotThrottled(this.db, username, now);
    const o = await findByUsername(this.db, username);
    // Same refusal, and the same scrypt work, whether the user exists or not: no account enumeration.
    const passwordOk = await checkPassword(password, o?.passwordHash ?? UNKNOWN_USER_HASH);
    if (!o || !o.active || !passwordOk) {
      await recordFailure(this.db, username, now);
      throw new MotcuaError("auth.bad_credentials");
    }
    await clearFailures(this.db, username);
    const token = await new SignJWT({ unit: o.unit, roles: o.roles, name: o.fullName })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(o.id)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${this.cfg.tokenTtlSeconds}s`)
      .sign(this.hmacKey);
    const { passwordHash: _omit, ...official } = o;
    return { token, official };
  }

  async verify(token: string): Promise<Principal> {
    let officialId: string;
    try {
      if (this.cfg.oidc && this.jwks) {
        const { issuer, audience, usernameClaim } = this.cfg.oidc;
        const { payload } = await jwtVerify(token, this.jwks, { issuer, audience, ...this.lifetimeRules() });
        assertLifetime(payload, this.cfg.tokenTtlSeconds);
        // Matched on the configured claim only: falling back to `sub` would let an identity whose
        // opaque id happens to equal someone's username act as that official.
        const username = payload[usernameClaim];
        if (typeof username !== "string" || username === "") throw new Error(`no ${usernameClaim} claim`);
        const o = await findByUsername(this.db, username);
        if (!o) throw new Error("unknown official");
        officialId = o.id;
      } else {
        let payload = this.verified.get(token, this.lifetimeRules());
        if (!payload) {
          payload = (await jwtVerify(token, this.hmacKey, { issuer: ISSUER, algorithms: ["HS256"], ...this.lifetimeRules() })).payload;
          assertLifetime(payload, this.cfg.tokenTtlSeconds);
          this.verified.add(token, payload);
        }
        officialId = String(payload.sub);
      }
    } catch {
      throw new MotcuaError("auth.invalid_token");
    }
    // Roles and unit are read fresh: a reassigned or deactivated official loses access at once.
    const o = await getOfficialWithCertificates(this.db, officialId);
    if (!o || !o.active) throw new MotcuaError("auth.invalid_token", "the official is no longer active");
    return o;
  }

  /**
   * `exp` and `iat` are required; jose then refuses a token issued more than the lifetime ago, one
   * whose iat or nbf is ahead of our clock by more than the skew, and an expired one.
   */
  private lifetimeRules() {
    return { requiredClaims: ["exp", "iat"], maxTokenAge: this.cfg.tokenTtlSeconds, clockTolerance: TOKEN_CLOCK_SKEW_SECONDS };
  }

  middleware() {
    return async (req: Request, _res: Response, next: NextFunction) => {
      const h = req.headers.authorization;
      if (!h || !h.startsWith("Bearer ")) return next(new MotcuaError("auth.required"));
      try {
        req.principal = await this.verify(h.slice(7).trim());
        next();
      } catch (e) {
        next(e);
      }
    };
  }
}

/** A token minted to live longer than the configured lifetime is refused outright, not only once it is old. */
function assertLifetime(payload: { exp?: number; iat?: number }, maxSeconds: number): void {
  if ((payload.exp ?? 0) - (payload.iat ?? 0) > maxSeconds + TOKEN_CLOCK_SKEW_SECONDS) throw new Error("token lifetime exceeds the configured maximum");
}

export function requireRole(...roles: string[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.principal?.roles.some((r) => roles.includes(r))) return next(new MotcuaError("auth.forbidden", `needs one of: ${roles.join(", ")}`));
    next();
  };
}
