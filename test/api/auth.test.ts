// Authentication at the edge: local accounts with our own HS256 tokens, and an OpenID Connect
// issuer whose tokens are verified against a real JWKS served over HTTP on the loopback.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import express from "express";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT, exportJWK, generateKeyPair, type JWK } from "jose";
import { startTestServer, type TestServer } from "../support/server.js";
import { bearer, expectProblem, pointersOf } from "../support/http.js";
import { DEMO_PASSWORD } from "../../server/seed.js";
import { Authenticator } from "../../server/http/auth.js";
import { ConfigError, loadConfig } from "../../server/config.js";
import { startServerProcess } from "../support/process.js";

const TEST_SECRET = new TextEncoder().encode("test-secret-test-secret-test-secret");

describe("local accounts", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s?.close());

  it("logs in with the right password and shows the official's unit and roles", async () => {
    const r = await request(s.app).post("/auth/login").send({ username: "tiepnhan", password: DEMO_PASSWORD });
    expect(r.status).toBe(200);
    expect(r.body.tokenType).toBe("Bearer");
    expect(r.body.official).toMatchObject({ id: "o-tiepnhan", unit: "01-ba-dinh", province: "01", roles: ["reception"] });
    expect(JSON.stringify(r.body)).not.toMatch(/passwordHash|scrypt/);
    const me = await request(s.app).get("/auth/me").set(bearer(r.body.token));
    expect(me.status).toBe(200);
    expect(me.body.official).toMatchObject({ id: "o-tiepnhan", unit: "01-ba-dinh", roles: ["reception"] });
  });

  it("refuses a request without a token", async () => {
    expectProblem(await request(s.app).get("/cases"), 401, "auth.required");
    expectProblem(await request(s.app).get("/auth/me"), 401, "auth.required");
    expectProblem(await request(s.app).get("/cases").set("authorization", "Basic dGllcG5oYW46eA=="), 401, "auth.required");
  });

  it("refuses a garbage token", async () => {
    expectProblem(await request(s.app).get("/cases").set(bearer("not-a-jwt")), 401, "auth.invalid_token");
    expectProblem(await request(s.app).get("/auth/me").set(bearer("a.b.c")), 401, "auth.invalid_token");
  });

  it("refuses a wrong password and an unknown user with the same code", async () => {
    expectProblem(await request(s.app).post("/auth/login").send({ username: "tiepnhan", password: "wrong" }), 401, "auth.bad_credentials");
    expectProblem(await request(s.app).post("/auth/login").send({ username: "nobody", password: DEMO_PASSWORD }), 401, "auth.bad_credentials");
  });

  it("slows password guessing: after 10 failures in 15 minutes the username is refused with 429 until the window passes", async () => {
    const login = (password: string) => request(s.app).post("/auth/login").send({ username: "luutru", password });
    const start = s.now;
    // A success clears earlier failures: nine mistakes, a correct login, nine more are all just 401.
    for (let i = 0; i < 9; i++) expectProblem(await login(`guess-${i}`), 401, "auth.bad_credentials");
    expect((await login(DEMO_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 10; i++) expectProblem(await login(`guess-${i}`), 401, "auth.bad_credentials");
    // The eleventh attempt is refused before the password is looked at, the right password too.
    const blocked = expectProblem(await login(DEMO_PASSWORD), 429, "auth.too_many_attempts");
    expect(blocked.retryAfterSeconds).toBe(15 * 60);
    expectProblem(await login(DEMO_PASSWORD), 429, "auth.too_many_attempts");
    // Other officials are not affected.
    expect((await request(s.app).post("/auth/login").send({ username: "hotich", password: DEMO_PASSWORD })).status).toBe(200);
    try {
      s.now = new Date(Date.parse(start) + 10 * 60_000).toISOString();
      const r = await login(DEMO_PASSWORD);
      expectProblem(r, 429, "auth.too_many_attempts");
      expect(r.headers["retry-after"]).toBe(String(5 * 60));
      s.now = new Date(Date.parse(start) + 15 * 60_000 + 1000).toISOString();
      expect((await login(DEMO_PASSWORD)).status).toBe(200);
    } finally {
      s.now = start;
    }
  });

  it("names the missing member of a login body", async () => {
    const r = await request(s.app).post("/auth/login").send({ username: "tiepnhan" });
    expect(pointersOf(expectProblem(r, 400, "request.invalid"))).toEqual(["/password"]);
    const both = await request(s.app).post("/auth/login").send({});
    expect(pointersOf(expectProblem(both, 400, "request.invalid")).sort()).toEqual(["/password", "/username"]);
  });

  it("refuses a well-formed token signed with another secret", async () => {
    const forged = await new SignJWT({ unit: "01", roles: ["admin"] })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("o-quantri")
      .setIssuer("motcua")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("another-secret-another-secret-123"));
    expectProblem(await request(s.app).get("/auth/me").set(bearer(forged)), 401, "auth.invalid_token");
  });

  it("accepts a token made with the server's secret, and refuses it once expired", async () => {
    // Control: the same construction with the right secret passes, so the refusals above are about the key.
    const good = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("o-tiepnhan").setIssuer("motcua").setIssuedAt().setExpirationTime("1h").sign(TEST_SECRET);
    expect((await request(s.app).get("/auth/me").set(bearer(good))).status).toBe(200);
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("o-tiepnhan").setIssuer("motcua").setIssuedAt(past - 60).setExpirationTime(past).sign(TEST_SECRET);
    expectProblem(await request(s.app).get("/auth/me").set(bearer(expired)), 401, "auth.invalid_token");
  });

  describe("token claims", () => {
    const sec = () => Math.floor(Date.now() / 1000);
    const local = (claims: { iat?: number; exp?: number; nbf?: number }) => {
      const jwt = new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("o-tiepnhan").setIssuer("motcua");
      if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
      if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
      if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf);
      return jwt.sign(TEST_SECRET);
    };
    const me = async (claims: Parameters<typeof local>[0]) => request(s.app).get("/auth/me").set(bearer(await local(claims)));

    it("requires exp and iat", async () => {
      expectProblem(await me({ iat: sec() }), 401, "auth.invalid_token");
      expectProblem(await me({ exp: sec() + 600 }), 401, "auth.invalid_token");
    });

    it("refuses a token minted to outlive TOKEN_TTL_SECONDS, and one issued longer ago than that", async () => {
      // The test server's lifetime is the default 8 hours.
      expect((await me({ iat: sec(), exp: sec() + 8 * 3600 })).status).toBe(200);
      expectProblem(await me({ iat: sec(), exp: sec() + 30 * 86400 }), 401, "auth.invalid_token");
      expectProblem(await me({ iat: sec() - 9 * 3600, exp: sec() + 600 }), 401, "auth.invalid_token");
    });

    it("refuses iat or nbf in the future beyond a minute of clock skew, and accepts a few seconds of it", async () => {
      expectProblem(await me({ iat: sec() + 365 * 86400, exp: sec() + 365 * 86400 + 600 }), 401, "auth.invalid_token");
      expectProblem(await me({ iat: sec() + 300, exp: sec() + 900 }), 401, "auth.invalid_token");
      expectProblem(await me({ iat: sec(), nbf: sec() + 3600, exp: sec() + 7200 }), 401, "auth.invalid_token");
      expect((await me({ iat: sec() + 20, nbf: sec() + 20, exp: sec() + 600 })).status).toBe(200);
    });
  });

  it("refuses an unsigned (alg none) token naming an official", async () => {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const none = `${enc({ alg: "none", typ: "JWT" })}.${enc({ sub: "o-quantri", iss: "motcua", exp: Math.floor(Date.now() / 1000) + 3600 })}.`;
    expectProblem(await request(s.app).get("/auth/me").set(bearer(none)), 401, "auth.invalid_token");
  });

  it("refuses a token of a deactivated official at once", async () => {
    const token = await s.login("luutru");
    expect((await request(s.app).get("/auth/me").set(bearer(token))).status).toBe(200);
    await s.db.query("update officials set active = false where id = 'o-luutru'");
    try {
      expectProblem(await request(s.app).get("/auth/me").set(bearer(token)), 401, "auth.invalid_token");
      expectProblem(await request(s.app).post("/auth/login").send({ username: "luutru", password: DEMO_PASSWORD }), 401, "auth.bad_credentials");
    } finally {
      await s.db.query("update officials set active = true where id = 'o-luutru'");
    }
  });
});

describe("token lifetime", () => {
  it("follows the configured TOKEN_TTL_SECONDS", async () => {
    const s = await startTestServer({ wire: { tokenTtlSeconds: 600 } });
    try {
      const r = await request(s.app).post("/auth/login").send({ username: "tiepnhan", password: DEMO_PASSWORD });
      const claims = JSON.parse(Buffer.from(String(r.body.token).split(".")[1]!, "base64url").toString()) as { iat: number; exp: number };
      expect(claims.exp - claims.iat).toBe(600);
    } finally {
      await s.close();
    }
  });
});

describe("OpenID Connect issuer", () => {
  let s: TestServer;
  let jwksServer: Server;
  let issuer: string;
  let key: CryptoKey;
  let otherKey: CryptoKey;
  const kid = "test-key-1";
  const AUDIENCE = "motcua-api";
  let jwksUrl: string;

  beforeAll(async () => {
    const pair = await generateKeyPair("RS256", { extractable: true });
    key = pair.privateKey as CryptoKey;
    otherKey = (await generateKeyPair("RS256")).privateKey as CryptoKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid, alg: "RS256", use: "sig" };
    const idp = express();
    idp.get("/jwks", (_req, res) => res.json({ keys: [jwk] }));
    jwksServer = await new Promise<Server>((resolve) => {
      const srv = idp.listen(0, "127.0.0.1", () => resolve(srv));
    });
    const base = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;
    issuer = `${base}/realms/motcua`;
    jwksUrl = `${base}/jwks`;
    s = await startTestServer({ wire: { oidc: { issuer, jwksUrl, audience: AUDIENCE, usernameClaim: "preferred_username" } } });
  });
  afterAll(async () => {
    await s?.close();
    await new Promise<void>((resolve) => (jwksServer ? jwksServer.close(() => resolve()) : resolve()));
  });

  const mint = (claims: Record<string, unknown>, opts: { iss?: string; key?: CryptoKey; kid?: string; exp?: string | number; aud?: string | null } = {}) => {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: opts.kid ?? kid })
      .setIssuer(opts.iss ?? issuer)
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? "5m");
    if (opts.aud !== null) jwt.setAudience(opts.aud ?? AUDIENCE);
    return jwt.sign(opts.key ?? key);
  };
  const me = async (token: string) => request(s.app).get("/auth/me").set(bearer(token));

  it("requires the configured audience: a token for another application, or for none, is refused", async () => {
    expect((await me(await mint({ preferred_username: "tiepnhan" }))).status).toBe(200);
    expectProblem(await me(await mint({ preferred_username: "tiepnhan" }, { aud: "another-app" })), 401, "auth.invalid_token");
    expectProblem(await me(await mint({ preferred_username: "tiepnhan" }, { aud: null })), 401, "auth.invalid_token");
  });

  it("matches the official on the configured claim only, never on sub", async () => {
    // The identity provider's opaque subject happens to equal a username: not a match.
    expectProblem(await me(await mint({ sub: "tiepnhan" })), 401, "auth.invalid_token");
    expectProblem(await me(await mint({ sub: "tiepnhan", preferred_username: "" })), 401, "auth.invalid_token");
    // With OIDC_USERNAME_CLAIM=upn, upn is read and preferred_username ignored.
    const byUpn = new Authenticator(s.db, { jwtSecret: TEST_SECRET, tokenTtlSeconds: 3600, clock: () => s.now, oidc: { issuer, jwksUrl, audience: AUDIENCE, usernameClaim: "upn" } });
    expect((await byUpn.verify(await mint({ upn: "hotich", preferred_username: "tiepnhan" }))).id).toBe("o-hotich");
    await expect(byUpn.verify(await mint({ preferred_username: "hotich" }))).rejects.toMatchObject({ code: "auth.invalid_token" });
  });

  it("refuses an issuer's token without exp or minted to live longer than the configured lifetime", async () => {
    const noExp = await new SignJWT({ preferred_username: "tiepnhan" }).setProtectedHeader({ alg: "RS256", kid }).setIssuer(issuer).setAudience(AUDIENCE).setIssuedAt().sign(key);
    expectProblem(await me(noExp), 401, "auth.invalid_token");
    expectProblem(await me(await mint({ preferred_username: "tiepnhan" }, { exp: "365d" })), 401, "auth.invalid_token");
  });

  it("accepts the issuer's token and takes unit and roles from our database, not from the token", async () => {
    // The token claims admin in another province: only preferred_username may count.
    const token = await mint({ preferred_username: "tiepnhan", sub: "idp-uuid-1", roles: ["admin"], unit: "79" });
    const me = await request(s.app).get("/auth/me").set(bearer(token));
    expect(me.status, me.text).toBe(200);
    expect(me.body.official).toMatchObject({ id: "o-tiepnhan", username: "tiepnhan", unit: "01-ba-dinh", province: "01", roles: ["reception"] });
    const inbox = await request(s.app).get("/cases").set(bearer(token));
    expect(inbox.status).toBe(200);
  });

  it("refuses a token from another issuer", async () => {
    const token = await mint({ preferred_username: "tiepnhan" }, { iss: "https://idp.example/realms/other" });
    expectProblem(await request(s.app).get("/auth/me").set(bearer(token)), 401, "auth.invalid_token");
  });

  it("refuses a token signed with another key, under the known key id or another", async () => {
    expectProblem(await request(s.app).get("/auth/me").set(bearer(await mint({ preferred_username: "tiepnhan" }, { key: otherKey }))), 401, "auth.invalid_token");
    expectProblem(await request(s.app).get("/auth/me").set(bearer(await mint({ preferred_username: "tiepnhan" }, { key: otherKey, kid: "rogue" }))), 401, "auth.invalid_token");
  });

  it("refuses an expired token and a token for an official we do not know", async () => {
    const past = Math.floor(Date.now() / 1000) - 600;
    expectProblem(await request(s.app).get("/auth/me").set(bearer(await mint({ preferred_username: "tiepnhan" }, { exp: past }))), 401, "auth.invalid_token");
    expectProblem(await request(s.app).get("/auth/me").set(bearer(await mint({ preferred_username: "stranger" }))), 401, "auth.invalid_token");
  });

  it("turns local password login off: officials sign in at the issuer", async () => {
    const r = await request(s.app).post("/auth/login").send({ username: "tiepnhan", password: "motcua-demo" });
    expectProblem(r, 403, "auth.local_login_disabled");
  });

  it("does not accept a local HS256 token in place of the issuer's", async () => {
    const local = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("o-tiepnhan").setIssuer(issuer).setIssuedAt().setExpirationTime("1h").sign(TEST_SECRET);
    expectProblem(await request(s.app).get("/auth/me").set(bearer(local)), 401, "auth.invalid_token");
  });
});

describe("OpenID Connect settings at start", () => {
  it("refuses an issuer without an audience (or any partial setting), naming what is missing", () => {
    const base = { OIDC_ISSUER: "https://idp.example/realms/x", OIDC_JWKS_URL: "https://idp.example/jwks" };
    expect(() => loadConfig(base)).toThrow(ConfigError);
    expect(() => loadConfig(base)).toThrow(/OIDC_AUDIENCE/);
    expect(() => loadConfig({ OIDC_AUDIENCE: "motcua-api" })).toThrow(/OIDC_ISSUER and OIDC_JWKS_URL/);
    expect(loadConfig({ ...base, OIDC_AUDIENCE: "motcua-api" }).oidc).toEqual({ issuer: base.OIDC_ISSUER, jwksUrl: base.OIDC_JWKS_URL, audience: "motcua-api", usernameClaim: "preferred_username" });
    expect(loadConfig({ ...base, OIDC_AUDIENCE: "motcua-api", OIDC_USERNAME_CLAIM: "upn" }).oidc?.usernameClaim).toBe("upn");
    expect(loadConfig({}).oidc).toBeUndefined();
  });

  it("the server process does not start without OIDC_AUDIENCE", async () => {
    const start = startServerProcess({ OIDC_ISSUER: "https://idp.example/realms/x", OIDC_JWKS_URL: "https://idp.example/jwks", DATA_DIR: "/nonexistent-never-created" });
    await expect(start).rejects.toThrow(/exited with 2[\s\S]*OIDC_AUDIENCE/);
  }, 60_000);
});
