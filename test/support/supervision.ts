// Helpers for the supervision API tests: a scheduler on a test server's clock, a copy
// certification (10-working-day timeout), and short-hands for actions and history.
import request from "supertest";
import { expect } from "vitest";
import type { TestServer } from "./server.js";
import { Scheduler } from "../../server/scheduler/scheduler.js";
import type { AuditEntry } from "../../engine/case.js";

export type Auth = { authorization: string };

export function schedulerFor(s: TestServer, name = "test-scheduler", batchSize = 50): Scheduler {
  return new Scheduler({ db: s.db, cases: s.cases, clock: () => s.now, log: s.log, name, batchSize });
}

export function copyCertification(): Record<string, unknown> {
  return {
    procedureId: "civil-status.copy-certification",
    channel: "online",
    data: {
      requester: { fullName: "Bùi Thị Lan", personalId: "079185007788" },
      document: { type: "van-bang-chung-chi", title: "Bằng tốt nghiệp đại học", number: "QH-2008-123", issuedBy: "Đại học Quốc gia Hà Nội", issueDate: "2008-07-01" },
      pages: 2,
      copies: 3,
    },
    documents: [
      { id: "original", name: "ban-goc.pdf", sha256: "c".repeat(64) },
      { id: "copies", name: "ban-sao.pdf", sha256: "d".repeat(64) },
    ],
  };
}

/** POST /cases/:id/actions expecting 200; returns the case. */
export async function step(s: TestServer, auth: Auth, id: string, action: string, data?: unknown): Promise<Record<string, unknown>> {
  const r = await request(s.app).post(`/cases/${id}/actions`).set(auth).send({ action, ...(data === undefined ? {} : { data }) });
  expect(r.status, r.text).toBe(200);
  return r.body.case;
}

export async function history(s: TestServer, auth: Auth, id: string): Promise<AuditEntry[]> {
  const r = await request(s.app).get(`/cases/${id}/history`).set(auth);
  expect(r.status, r.text).toBe(200);
  return r.body.entries;
}

export async function caseRow(s: TestServer, id: string): Promise<Record<string, unknown>> {
  const r = await s.db.query("select * from cases where id = $1", [id]);
  return r.rows[0]!;
}
