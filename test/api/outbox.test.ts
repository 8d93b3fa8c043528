// Messages to other systems (the transactional outbox): written with the step that causes them,
// delivered to a real HTTP receiver with the message id as Idempotency-Key, kept and retried with
// backoff while the receiver fails or is down, visible on the case, and never sent twice by two
// workers on one database.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { deliverDue, backoffSeconds } from "../../server/outbox/deliver.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { act, birthRegistration, loginAll, type Tokens } from "../support/flows.js";
import { birthDeclaration, birthDocuments } from "../support/server.js";
import { BIRTH_KEY } from "../support/birth.js";

interface Received {
  key: string | undefined;
  body: { id: string; topic: string; caseId: string; payload: Record<string, unknown> };
}

/** A receiving system that answers each request with the next status in `plan` (then 200). */
async function receiver(plan: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      received.push({ key: req.headers["idempotency-key"] as string | undefined, body: JSON.parse(text) });
      const status = plan.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "busy, try later");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/inbox`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

for (const kind of ["pglite", "postgres"] as const) {
  describe.skipIf(kind === "postgres" && !process.env.TEST_DATABASE_URL)(`outbox delivery on ${kind}`, () => {
    let s: TestServer;
    let t: Tokens;
    beforeAll(async () => {
      s = await startTestServer({ kind });
      t = await loginAll(s, ["tiepnhan", "hotich", "chutich", "luutru"]);
    });
    afterAll(() => s?.close());

    const outboxOf = async (id: string) => {
      const r = await request(s.app).get(`/cases/${id}/outbox`).set("authorization", `Bearer ${t.tiepnhan}`);
      expect(r.status, r.text).toBe(200);
      return r.body.items as Array<{ id: string; topic: string; status: string; attempts: number; lastError: string | null; nextAttemptAt: string | null }>;
    };

    it("retries a failing receiver with backoff, then delivers once, always under the same message id", async () => {
      const id = await birthRegistration(s, t);
      const [message] = await outboxOf(id);
      expect(message).toMatchObject({ topic: "case.completed", status: "pending", attempts: 0, lastError: null });
      // Without a target for the topic the message waits: nothing is sent, nothing is lost.
      expect(await deliverDue({ db: s.db, targets: {}, name: "w1" }, s.now)).toEqual({ delivered: 0, failed: 0 });

      const rx = await receiver([503, 503]);
      try {
        const targets = { "case.completed": { url: rx.url } };
        let now = s.now;
        expect(await deliverDue({ db: s.db, targets, name: "w1" }, now)).toEqual({ delivered: 0, failed: 1 });
        const [failed] = await outboxOf(id);
        expect(failed).toMatchObject({ status: "retrying", attempts: 1, lastError: "HTTP 503: busy, try later", nextAttemptAt: plus(now, backoffSeconds(1)) });
        // Not again before the backoff has passed.
        expect(await deliverDue({ db: s.db, targets, name: "w1" }, plus(now, backoffSeconds(1) - 1))).toEqual({ delivered: 0, failed: 0 });
        now = plus(now, backoffSeconds(1));
        expect(await deliverDue({ db: s.db, targets, name: "w1" }, now)).toEqual({ delivered: 0, failed: 1 });
        now = plus(now, backoffSeconds(2));
        expect(await deliverDue({ db: s.db, targets, name: "w1" }, now)).toEqual({ delivered: 1, failed: 0 });
        expect(await deliverDue({ db: s.db, targets, name: "w1" }, plus(now, 86_400))).toEqual({ delivered: 0, failed: 0 });

        expect(rx.received).toHaveLength(3);
        expect(new Set(rx.received.map((r) => r.key))).toEqual(new Set([message!.id]));
        expect(rx.received[2]!.body).toMatchObject({ id: message!.id, topic: "case.completed", caseId: id, payload: { caseId: id, procedure: BIRTH_KEY, outcome: "completed", reason: null } });
        expect(await outboxOf(id)).toEqual([expect.objectContaining({ status: "delivered", attempts: 3, lastError: null, nextAttemptAt: null })]);
      } finally {
        await rx.close();
      }
    });

    it("keeps the message when the receiver is down, and delivers it when it is back", async () => {
      const id = await birthRegistration(s, t);
      const rx = await receiver();
      const url = rx.url;
      await rx.close();
      const targets = { "case.completed": { url } };
      expect(await deliverDue({ db: s.db, targets, name: "w1" }, s.now)).toMatchObject({ failed: 1 });
      const [down] = await outboxOf(id);
      expect(down).toMatchObject({ status: "retrying", attempts: 1, lastError: "ECONNREFUSED" });

      const back = await receiver();
      try {
        const later = plus(s.now, backoffSeconds(1));
        expect(await deliverDue({ db: s.db, targets: { "case.completed": { url: back.url } }, name: "w1" }, later)).toMatchObject({ delivered: 1 });
        expect(back.received.map((r) => r.body.caseId)).toEqual([id]);
      } finally {
        await back.close();
      }
    });

    it("sends each message once when several workers run at the same moment", async () => {
      const ids = [await birthRegistration(s, t), await birthRegistration(s, t), await birthRegistration(s, t)];
      const rx = await receiver();
      try {
        const targets = { "case.completed": { url: rx.url } };
        const reports = await Promise.all(["w1", "w2", "w3", "w4"].map((name) => deliverDue({ db: s.db, targets, name, batchSize: 2 }, s.now)));
        const again = await deliverDue({ db: s.db, targets, name: "w5" }, s.now);
        const delivered = reports.reduce((n, r) => n + r.delivered, 0) + again.delivered;
        expect(delivered).toBe(3);
        expect(rx.received.map((r) => r.body.caseId).sort()).toEqual([...ids].sort());
      } finally {
        await rx.close();
      }
    });

    it("tells the citizen every closing outcome: a refusal and a withdrawal each write a message with the outcome and the reason", async () => {
      const open = async () => {
        const r = await request(s.app).post("/cases").set("authorization", `Bearer ${t.tiepnhan}`).send({ procedureId: "civil-status.birth-registration", data: birthDeclaration(), documents: birthDocuments(), confirmDuplicate: true });
        expect(r.status, r.text).toBe(201);
        return r.body.case.id as string;
      };
      const refused = await open();
      await act(s, t.tiepnhan!, refused, "accept");
      const refusal = await act(s, t.hotich!, refused, "refuse", { data: { reason: "Giấy chứng sinh không hợp lệ" } });
      const withdrawn = await open();
      const withdrawal = await act(s, t.tiepnhan!, withdrawn, "withdraw", { data: { reason: "Người đi khai rút hồ sơ" } });

      const [r] = await outboxOf(refused);
      const [w] = await outboxOf(withdrawn);
      // The id is the message's place in the history: the closing step's seq and the topic.
      expect(r).toMatchObject({ id: `${refused}:${refusal.case.seq - 1}:case.refused`, topic: "case.refused", status: "pending" });
      expect(w).toMatchObject({ id: `${withdrawn}:${withdrawal.case.seq - 1}:case.withdrawn`, topic: "case.withdrawn", status: "pending" });

      const rx = await receiver();
      try {
        const targets = { "case.refused": { url: rx.url }, "case.withdrawn": { url: rx.url } };
        expect(await deliverDue({ db: s.db, targets, name: "w1" }, s.now)).toMatchObject({ delivered: 2, failed: 0 });
        const byCase = new Map(rx.received.map((m) => [m.body.caseId, m.body.payload]));
        expect(byCase.get(refused)).toMatchObject({ outcome: "refused", action: "refuse", reason: "Giấy chứng sinh không hợp lệ" });
        expect(byCase.get(withdrawn)).toMatchObject({ outcome: "withdrawn", action: "withdraw", reason: "Người đi khai rút hồ sơ" });
      } finally {
        await rx.close();
      }
    });

    it("shows a case's messages only to those who may see the case", async () => {
      const id = await birthRegistration(s, t);
      const other = await s.login("tiepnhan.hk");
      const r = await request(s.app).get(`/cases/${id}/outbox`).set("authorization", `Bearer ${other}`);
      expect(r.status).toBe(404);
    });
  });
}
