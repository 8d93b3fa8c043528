// Helpers for API tests: bearer headers, a birth-registration intake, problem+json assertions,
// and row counts read straight from the database (so "nothing changed" is checked at the source).
import { expect } from "vitest";
import request from "supertest";
import type { Response } from "supertest";
import { birthDeclaration, birthDocuments, type TestServer } from "./server.js";

export const BIRTH = "civil-status.birth-registration";

/** Database kinds an API test runs on: always PGlite, plus the PostgreSQL server when TEST_DATABASE_URL is set. */
export const KINDS: Array<"pglite" | "postgres"> = ["pglite", ...(process.env.TEST_DATABASE_URL ? (["postgres"] as const) : [])];

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Logs every named demo official in once; returns a header builder by username. */
export async function loginAll(s: TestServer, users: string[]): Promise<(user: string) => { authorization: string }> {
  const tokens: Record<string, string> = {};
  for (const u of users) tokens[u] = await s.login(u);
  return (user) => {
    const t = tokens[user];
    if (!t) throw new Error(`not logged in: ${user}`);
    return bearer(t);
  };
}

/**
 * The shared test dossier: the same child every time, so from its second intake on it is a
 * possible duplicate (version 2 declares intake.duplicates), confirmed here as a clerk would;
 * test/api/duplicates.test.ts tests the refusal itself.
 */
export function intakeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { procedureId: BIRTH, channel: "counter", data: birthDeclaration(), documents: birthDocuments(), confirmDuplicate: true, ...overrides };
}

/** Opens a birth registration and returns the created case (fails the test otherwise). */
export async function openCase(s: TestServer, auth: { authorization: string }, overrides: Record<string, unknown> = {}): Promise<{ id: string; version: number; state: string; procedureVersion: number; dueAt: string }> {
  const r = await request(s.app).post("/cases").set(auth).send(intakeBody(overrides));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.case;
}

export async function act(s: TestServer, auth: { authorization: string }, id: string, body: Record<string, unknown>): Promise<Response> {
  return request(s.app).post(`/cases/${id}/actions`).set(auth).send(body);
}

/** Asserts an RFC 9457 problem with the given status and code; returns the body. */
export function expectProblem(r: Response, status: number, code: string): Record<string, unknown> {
  expect(r.status, r.text).toBe(status);
  expect(r.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(r.text) as Record<string, unknown>;
  expect(body.code).toBe(code);
  expect(body.status).toBe(status);
  expectNoStack(r.text);
  return body;
}

export function pointersOf(body: Record<string, unknown>): string[] {
  return ((body.errors as Array<{ pointer: string }> | undefined) ?? []).map((e) => e.pointer);
}

/** No stack trace or raw exception text leaks to a client. */
export function expectNoStack(text: string): void {
  expect(text).not.toMatch(/\n\s+at /);
  expect(text).not.toMatch(/\bat [^\s"]+ \(/);
  expect(text).not.toMatch(/\b(?:Type|Reference|Syntax|Range)?Error:/);
  expect(text).not.toMatch(/node_modules|\.ts:\d+/);
}

export async function countRows(s: TestServer, table: "cases" | "audit_entries" | "registry_entries" | "idempotency_keys" | "outbox", where = "", params: unknown[] = []): Promise<number> {
  const r = await s.db.query<{ n: number }>(`select count(*)::int as n from ${table} ${where}`, params);
  return r.rows[0]!.n;
}

/** The stored case as the API shows it, plus the length of its history: the "did anything change" probe. */
export async function snapshot(s: TestServer, auth: { authorization: string }, id: string): Promise<{ version: number; state: string; entries: number; auditHead: string }> {
  const h = await request(s.app).get(`/cases/${id}/history`).set(auth);
  expect(h.status, h.text).toBe(200);
  return { version: h.body.case.version, state: h.body.case.state, entries: h.body.entries.length, auditHead: h.body.case.auditHead };
}

/** An extract-copy request (a per-copy fee; `poorHousehold: true` in `extra` is exempt). */
export const extractCopy = (extra: Record<string, unknown> = {}, copies = 2) => ({
  procedureId: "civil-status.extract-copy",
  channel: "online",
  data: {
    requester: { fullName: "Hoàng Văn Nam", personalId: "079088001122", relationship: "ban-than" },
    record: { event: "khai-sinh", subjectFullName: "Hoàng Văn Nam", book: "02/1988", entryNumber: "57", registrationDate: "1988-05-20", registeredBy: "UBND phường 16, quận Tân Bình" },
    copies,
    ...extra,
  },
  documents: [{ id: "requester-id", name: "cccd.pdf", sha256: "c".repeat(64) }],
});

/** A death declared for someone who died on Sunday 1 March 2026, with its two papers; a declaration after the 15th day also needs `lateDeclarationNote`. */
export const deathDeclaration = {
  deceased: { fullName: "Lê Văn Tư", sex: "nam", dateOfBirth: "1941-06-15", ethnicity: "Kinh", nationality: "Việt Nam", lastResidence: "Phường Ba Đình, Hà Nội", personalId: "001041000789" },
  death: { date: "2026-03-01", place: "Tại nhà riêng", cause: "Bệnh tuổi già" },
  declarant: { fullName: "Lê Thị Hoa", personalId: "001170002345", relationship: "con" },
  copies: 1,
};
export const deathPapers = [
  { id: "death-notice", name: "giay-bao-tu.pdf", sha256: "c".repeat(64) },
  { id: "declarant-id", name: "cccd.pdf", sha256: "d".repeat(64) },
];
export const lateDeclarationNote = { id: "late-declaration-note", name: "giai-trinh.pdf", sha256: "e".repeat(64) };
