// A real server on a real database for API tests: PGlite in memory by default, or a fresh
// database on the PostgreSQL server named by TEST_DATABASE_URL (one database per test file).
import { webcrypto } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import pg from "pg";
import type { Database } from "../../server/db/database.js";
import { openDatabase } from "../../server/db/connect.js";
import { loadCatalog } from "../../server/catalog/load.js";
import { seedDemo, DEMO_PASSWORD } from "../../server/seed.js";
import { wire, type Wired, type WireOptions } from "../../server/wire.js";
import { createLogger } from "../../server/log.js";
import { PkiBuilder, EC_P256, type Issued } from "../../server/pki/builder.js";
import { registerCertificate } from "../../server/pki/register.js";
import type { TrustStore } from "../../engine/signature/types.js";
import { generateLogKey } from "../../server/audit/log-key.js";

export const crypto = webcrypto as unknown as Crypto;
const PROCEDURES = new URL("../../procedures/", import.meta.url).pathname;

export interface TestServer extends Wired {
  db: Database;
  /** The fake clock: tests move time by assigning `server.now`. */
  now: string;
  pki: { ca: Issued; signer: Issued; trust: TrustStore };
  login(username: string): Promise<string>;
  close(): Promise<void>;
}

export async function createTestDatabase(kind: "pglite" | "postgres" = process.env.TEST_DATABASE_URL ? "postgres" : "pglite"): Promise<{ db: Database; drop: () => Promise<void>; url?: string }> {
  if (kind === "pglite") {
    const db = await openDatabase({ memory: true });
    return { db, drop: () => db.close() };
  }
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `motcua_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString() });
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.close();
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}

export async function startTestServer(
  opts: {
    kind?: "pglite" | "postgres";
    wire?: Partial<WireOptions>;
    /** The app's own connection to the test database (e.g. through a proxy that can cut the link); setup and `db` stay direct. */
    appDatabase?: (url: string) => Promise<Database>;
  } = {},
): Promise<TestServer> {
  const { db, drop, url } = await createTestDatabase(opts.kind);
  const logKey = await generateLogKey("motcua.test/log");
  await loadCatalog(db, logKey, PROCEDURES, "2026-01-01T00:00:00.000Z");
  await seedDemo(db);
  const builder = new PkiBuilder({ crypto, now: () => new Date("2026-01-01T00:00:00Z") });
  const ca = await builder.createRootCa({ subject: "CN=Test Government CA, C=VN", key: EC_P256 });
  const signer = await builder.createEndEntity(ca, { subject: "CN=Nguyễn Văn Chủ Tịch, C=VN", key: EC_P256 });
  const crl = await builder.createCrl(ca, { thisUpdate: new Date("2026-01-01T00:00:00Z"), nextUpdate: new Date("2027-01-01T00:00:00Z") });
  const trust: TrustStore = { anchors: [ca.pem], intermediates: [], crls: [crl.pem] };
  await registerCertificate(db, logKey, "o-chutich", signer.pem, trust, "2026-01-02T00:00:00.000Z", crypto, "test");

  const state = { now: "2026-03-02T02:00:00.000Z" };
  const appDb = opts.appDatabase && url ? await opts.appDatabase(url) : undefined;
  // Each server its own attachments directory (a test may set its own, e.g. a low maxBytes), removed on close.
  const attachmentsDir = mkdtempSync(join(tmpdir(), "motcua-test-attachments-"));
  const w = wire({ db: appDb ?? db, jwtSecret: new TextEncoder().encode("test-secret-test-secret-test-secret"), logKey, clock: () => state.now, trust: async () => trust, log: createLogger("silent"), attachments: { dir: attachmentsDir }, ...opts.wire });
  const server: TestServer = {
    ...w,
    db,
    get now() {
      return state.now;
    },
    set now(v: string) {
      state.now = v;
    },
    pki: { ca, signer, trust },
    login: async (username) => {
      const r = await request(w.app).post("/auth/login").send({ username, password: DEMO_PASSWORD });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    close: async () => {
      await appDb?.close();
      await drop();
      rmSync(attachmentsDir, { recursive: true, force: true });
    },
  };
  return server;
}

/** A valid birth declaration, as a reception officer would type it. */
export function birthDeclaration(): Record<string, unknown> {
  return {
    child: { fullName: "Nguyễn Minh An", sex: "nam", dateOfBirth: "2026-02-20", placeOfBirth: "Bệnh viện Phụ sản Hà Nội", ethnicity: "Kinh", nationality: "Việt Nam", homeTown: "Nam Định" },
    mother: { fullName: "Trần Thị Bình", dateOfBirth: "1995-05-12", ethnicity: "Kinh", nationality: "Việt Nam", residence: "Phường Ba Đình, Hà Nội", personalId: "001195012345" },
    declarant: { fullName: "Trần Thị Bình", personalId: "001195012345", relationship: "me" },
    copies: 2,
  };
}

export function birthDocuments(): Array<{ id: string; name: string; sha256: string }> {
  return [
    { id: "birth-certificate", name: "giay-chung-sinh.pdf", sha256: "a".repeat(64) },
    { id: "declarant-id", name: "cccd.pdf", sha256: "b".repeat(64) },
  ];
}
