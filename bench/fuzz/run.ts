// `npm run fuzz -- [--bodies 1000] [--db pglite|postgres] [--seed N]`: every POST and PUT of the
// OpenAPI document gets --bodies request bodies (bodies.ts), sent over HTTP to a real server on a
// real database (PGlite, or a scratch database on the PostgreSQL server: TEST_DATABASE_URL, default
// the local one), with tokens of every demo role, path ids the server knows and, on half of them,
// an Idempotency-Key. Prints requests sent and answers by status per operation; any answer >= 500,
// any 4xx that is not problem+json, any stack trace in a body, or a connection error fails the run
// (exit code 1) and the first of each are printed to reproduce.
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { openapiDocument } from "../../server/http/openapi.js";
import { listen } from "../../server/http/listen.js";
import { DEMO_OFFICIALS } from "../../server/seed.js";
import { birthDeclaration, birthDocuments, startTestServer } from "../../test/support/server.js";
import { birthRegistration, loginAll } from "../../test/support/flows.js";
import { bodies, type Known } from "./bodies.js";

const { values: args } = parseArgs({ options: { bodies: { type: "string", default: "1000" }, db: { type: "string", default: "pglite" }, seed: { type: "string" }, concurrency: { type: "string", default: "4" } } });
const COUNT = Number(args.bodies);
const SEED = args.seed ? Number(args.seed) : Date.now() % 1_000_000;
if (args.db === "postgres") process.env.TEST_DATABASE_URL ??= "postgres://postgres@127.0.0.1:5432/postgres";
else delete process.env.TEST_DATABASE_URL;

const STACK = /\n\s+at |\bat [^\s"]+ \(|node_modules|\.ts:\d+/;

const s = await startTestServer();
const server = await listen(s.app, 0, "127.0.0.1", { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000 });
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
let failed = false;
try {
  const users = DEMO_OFFICIALS.map((o) => o.username);
  const tokens = await loginAll(s, users);
  // Cases in several states, so actions, claims and apologies meet real ones.
  const caseIds: string[] = [];
  for (const until of ["witnessed", "signed", "archived"] as const) caseIds.push(await birthRegistration(s, tokens, until));
  for (let i = 0; i < 5; i++) {
    const r = await fetch(`${base}/cases`, { method: "POST", headers: { authorization: `Bearer ${tokens.tiepnhan}`, "content-type": "application/json" }, body: JSON.stringify({ procedureId: "civil-status.birth-registration", data: {}, documents: [] }) });
    void r;
  }
  caseIds.push(...(await s.db.query<{ id: string }>("select id from cases")).rows.map((r) => r.id));
  const codes = (await s.db.query<{ code: string }>("select code from cases")).rows.map((r) => r.code);
  const officials = (await s.db.query<{ id: string }>("select id from officials")).rows.map((r) => r.id);
  const units = (await s.db.query<{ code: string }>("select code from units")).rows.map((r) => r.code);
  const procedures = (await s.db.query<{ id: string }>("select distinct id from procedure_versions")).rows.map((r) => r.id);
  const birth = (await s.db.query<{ definition: { actions: Array<{ id: string }> } }>("select definition from procedure_versions where id = 'civil-status.birth-registration' limit 1")).rows[0]!.definition;
  const known: Known = { strings: [...caseIds, ...codes, ...officials, ...units, ...procedures, ...birth.actions.map((a) => a.id), ...users, "motcua-demo", "01/2026", "reception", "signer", "admin"] };
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
  const pathFor = (template: string) =>
    template.replace("{id}", () => encodeURIComponent(template.startsWith("/officials") ? pick(officials) : template.startsWith("/procedures") ? pick(procedures) : Math.random() < 0.9 ? pick(caseIds) : pick(known.strings)));

  // Valid bodies per operation: the fuzzer makes one leaf of them hostile at a time.
  const validBodies: Record<string, unknown[]> = {
    "/auth/login": [{ username: "tiepnhan", password: "motcua-demo" }],
    "/cases": [{ procedureId: "civil-status.birth-registration", channel: "counter", data: birthDeclaration(), documents: birthDocuments(), confirmDuplicate: true }],
    "/cases/{id}/actions": [
      { action: "accept" },
      { action: "record", data: { book: "01/2026", entryNumber: "77" } },
      { action: "witness-book-signature", data: { declarantSignedInPerson: true } },
      { action: "request-supplement", data: { missing: "Giấy chứng sinh" }, expectedVersion: 1 },
      { action: "supply", data: { child: { fullName: "Nguyễn Văn B" } }, documents: birthDocuments() },
      { action: "sign", signature: { format: "raw", signature: "AAAA", certificate: "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----" } },
    ],
    "/procedures": [(await s.db.query<{ definition: unknown }>("select definition from procedure_versions where id = 'civil-status.birth-registration' limit 1")).rows[0]!.definition],
    "/procedures/{id}/migrate": [{ fromVersion: 1, toVersion: 2, reason: "Nghị định mới", dryRun: true }],
    "/officials/{id}/roles": [{ roles: ["reception"] }],
    "/cases/{id}/apology": [{ reason: "Chờ xác minh", newAppointment: "2026-03-09" }],
    "/cases/{id}/claim": [{}, { expectedVersion: 1 }],
    "/cases/{id}/assign": [{ officialId: "o-tiepnhan" }, { officialId: null }],
    "/officials/{id}/reassign-open-cases": [{ to: "o-truongbophan", reason: "nghỉ hưu" }],
    "/units/merge": [{ from: ["01-hoan-kiem"], into: "01-ba-dinh" }],
  };
  const doc = openapiDocument() as { paths: Record<string, Record<string, any>> };
  const operations = Object.entries(doc.paths).flatMap(([path, item]) => (["post", "put", "patch"] as const).filter((m) => item[m]).map((m) => ({ method: m.toUpperCase(), path, schema: item[m].requestBody?.content?.["application/json"]?.schema })));
  console.error(`fuzz: ${operations.length} operations x ${COUNT} bodies, seed ${SEED}, database ${s.db.kind}`);

  const rows: Record<string, Record<string, number | string>> = {};
  const examples: string[] = [];
  let keysUsed: string[] = [];
  for (const [n, op] of operations.entries()) {
    const texts = bodies(doc, op.schema, known, COUNT, SEED + n, validBodies[op.path]);
    const row: Record<string, number> = { sent: 0, "2xx": 0, "4xx": 0, "5xx": 0, "bad answers": 0, "connection errors": 0 };
    const t0 = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < texts.length) {
        const text = texts[next++]!;
        const key = Math.random() < 0.5 ? (Math.random() < 0.2 && keysUsed.length ? pick(keysUsed) : randomUUID()) : undefined;
        if (key) keysUsed.push(key);
        const path = pathFor(op.path);
        const token = Math.random() < 0.05 ? undefined : tokens[pick(users)];
        row.sent!++;
        try {
          const res = await fetch(base + path, {
            method: op.method,
            headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...(key ? { "idempotency-key": key } : {}) },
            body: text,
          });
          const answer = await res.text();
          const kind = res.status >= 500 ? "5xx" : res.status >= 400 ? "4xx" : "2xx";
          row[kind]!++;
          const bad = (res.status >= 400 && !(res.headers.get("content-type") ?? "").startsWith("application/problem+json")) || STACK.test(answer);
          if (bad) row["bad answers"]!++;
          if ((res.status >= 500 || bad) && examples.length < 12) examples.push(`${op.method} ${path} ${text.slice(0, 300)}\n  -> ${res.status} ${answer.slice(0, 300)}`);
        } catch (e) {
          row["connection errors"]!++;
          if (examples.length < 12) examples.push(`${op.method} ${path} ${text.slice(0, 300)}\n  -> ${(e as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Number(args.concurrency) }, worker));
    keysUsed = keysUsed.slice(-200);
    rows[`${op.method} ${op.path}`] = { ...row, "req/s": Math.round(row.sent! / ((performance.now() - t0) / 1000)) };
    console.error(`  ${op.method} ${op.path}: ${row.sent} sent, ${row["5xx"]} >= 500`);
  }
  console.table(rows);
  const sum = (k: string) => Object.values(rows).reduce((a, r) => a + Number(r[k]), 0);
  const total = { sent: sum("sent"), s5: sum("5xx"), bad: sum("bad answers") + sum("connection errors") };
  console.log(`fuzz (${s.db.kind}, seed ${SEED}): ${total.sent} requests over ${operations.length} operations, ${total.s5} responses >= 500, ${total.bad} bad answers or connection errors`);
  for (const e of examples) console.log(e);
  failed = total.s5 > 0 || total.bad > 0;
} finally {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await s.close();
}
process.exit(failed ? 1 : 0);
