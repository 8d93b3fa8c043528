// Whole flows over HTTP, shared by API tests that need a case in a given shape.
import request from "supertest";
import type { TestServer } from "./server.js";
import { birthDeclaration, birthDocuments } from "./server.js";
import { signJws } from "./pki.js";
import { birthHandover } from "./birth.js";

export type Tokens = Record<string, string>;

/** Fails the flow with the server's answer. A plain throw, not vitest's expect, so benchmarks can run these flows too. */
function expectStatus(r: request.Response, status: number): void {
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
}

export async function loginAll(s: TestServer, users = ["tiepnhan", "hotich", "chutich", "luutru", "kiemtra", "quantri"]): Promise<Tokens> {
  const t: Tokens = {};
  for (const u of users) t[u] = await s.login(u);
  return t;
}

export async function act(s: TestServer, token: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const r = await request(s.app).post(`/cases/${id}/actions`).set("authorization", `Bearer ${token}`).send({ action, ...body });
  expectStatus(r, 200);
  return r.body;
}

// Register numbers are unique per unit and book, as in a real civil-status book: each registration
// of a test file takes the next one (7, 8, ...).
let nextEntry = 7;

/** A signed birth registration taken to `until` (default: archived). Returns the case id. */
export async function birthRegistration(s: TestServer, t: Tokens, until: "witnessed" | "signed" | "archived" = "archived"): Promise<string> {
  const created = await request(s.app).post("/cases").set("authorization", `Bearer ${t.tiepnhan}`).send({
    // The same child every time: confirmed as a possible duplicate (see intakeBody).
    procedureId: "civil-status.birth-registration", data: birthDeclaration(), documents: birthDocuments(), confirmDuplicate: true,
  });
  expectStatus(created, 201);
  const id = created.body.case.id as string;
  await act(s, t.tiepnhan!, id, "accept");
  await act(s, t.hotich!, id, "record", { data: { book: "01/2026", entryNumber: String(nextEntry++) } });
  await act(s, t.hotich!, id, "witness-book-signature", { data: { declarantSignedInPerson: true } });
  if (until === "witnessed") return id;
  const p = await request(s.app).get(`/cases/${id}/signing-payload`).set("authorization", `Bearer ${t.chutich}`);
  const jws = await signJws(s.pki.signer, new TextEncoder().encode(p.body.canonical));
  await act(s, t.chutich!, id, "sign", { signature: { format: "jws", jws } });
  if (until === "archived") {
    await act(s, t.tiepnhan!, id, "return-result", { data: birthHandover() });
    await act(s, t.luutru!, id, "archive");
  }
  return id;
}
