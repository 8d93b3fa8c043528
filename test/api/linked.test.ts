// Interconnected procedures over HTTP (liên thông): one submission at Ba Đình's counter opens the
// civil-status case and a case at the police and at social insurance, with the data mapped from
// the dossier. Each agency's officials see and work only their part; each part closes in its own
// chain and the parent records its outcome; the parent returns its result only when its rule holds.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, birthDeclaration, birthDocuments, crypto, type TestServer } from "../support/server.js";
import { KINDS, expectProblem, loginAll } from "../support/http.js";
import { PkiBuilder, EC_P256, type Issued, signJws } from "../support/pki.js";
import { registerCertificate } from "../../server/pki/register.js";

const BIRTH = "civil-status.birth-registration-linked";
const DEATH = "civil-status.death-registration-linked";
const POLICE = "01-ba-dinh-cong-an";
const BHXH = "01-ba-dinh-bhxh";

function deathDeclaration(): Record<string, unknown> {
  return {
    deceased: { fullName: "Lê Văn Tư", sex: "nam", dateOfBirth: "1941-06-15", ethnicity: "Kinh", nationality: "Việt Nam", lastResidence: "Số 5 phố Đội Cấn, phường Ba Đình, Hà Nội", personalId: "001041000789" },
    death: { date: "2026-02-27", time: "22:15", place: "Tại nhà riêng, phường Ba Đình", cause: "Bệnh tuổi già" },
    declarant: { fullName: "Lê Thị Hoa", personalId: "001170002345", relationship: "con" },
    copies: 3,
  };
}
const DEATH_DOCUMENTS = [{ id: "death-notice", name: "giay-bao-tu.pdf", sha256: "a".repeat(64) }, { id: "declarant-id", name: "cccd.pdf", sha256: "b".repeat(64) }];

interface Part { part: string; caseId: string; code: string; unit: string; procedureId: string; state: string; outcome: string | null; closedAt: string | null; mayFail?: boolean }

describe.each(KINDS)("interconnected procedures on %s", (kind) => {
  let s: TestServer;
  let as: Awaited<ReturnType<typeof loginAll>>;
  const signers: Record<string, Issued> = {};
  let entry = 500;

  beforeAll(async () => {
    s = await startTestServer({ kind });
    as = await loginAll(s, ["tiepnhan", "hotich", "chutich", "luutru", "congan", "truongcongan", "bhxh", "giamdocbhxh", "kiemtra"]);
    // The agencies' heads sign with certificates of their own, registered like the chairman's.
    const builder = new PkiBuilder({ crypto, now: () => new Date("2026-01-01T00:00:00Z") });
    for (const [user, id, cn] of [["truongcongan", "o-truongcongan", "Trịnh Văn Trưởng Công An"], ["giamdocbhxh", "o-giamdocbhxh", "Đinh Văn Giám Đốc"]] as const) {
      signers[user] = await builder.createEndEntity(s.pki.ca, { subject: `CN=${cn}, C=VN`, key: EC_P256 });
      await registerCertificate(s.db, s.tlog.key, id, signers[user]!.pem, s.pki.trust, "2026-01-02T00:00:00.000Z", crypto, "test");
    }
    signers.chutich = s.pki.signer;
  });
  afterAll(() => s?.close());

  const step = (user: string, id: string, action: string, body: Record<string, unknown> = {}) => request(s.app).post(`/cases/${id}/actions`).set(as(user)).send({ action, ...body });
  const ok = async (user: string, id: string, action: string, body: Record<string, unknown> = {}) => {
    const r = await step(user, id, action, body);
    expect(r.status, `${user} ${action}: ${r.text}`).toBe(200);
    return r.body;
  };
  const sign = async (user: string, id: string) => {
    const p = await request(s.app).get(`/cases/${id}/signing-payload`).set(as(user));
    expect(p.status, p.text).toBe(200);
    return ok(user, id, "sign", { signature: { format: "jws", jws: await signJws(signers[user]!, new TextEncoder().encode(p.body.canonical)) } });
  };
  const view = async (user: string, id: string) => {
    const r = await request(s.app).get(`/cases/${id}`).set(as(user));
    expect(r.status, r.text).toBe(200);
    return r.body;
  };
  const submit = async (procedureId: string, data: Record<string, unknown>, documents: unknown[]) => {
    const r = await request(s.app).post("/cases").set(as("tiepnhan")).send({ procedureId, data, documents });
    expect(r.status, r.text).toBe(201);
    const parts = (await view("tiepnhan", r.body.case.id)).parts.items as Part[];
    return { id: r.body.case.id as string, part: (name: string) => parts.find((p) => p.part === name)! };
  };
  /** The agency's two steps and its head's signature, or a refusal. */
  const agency = async (officer: string, head: string, id: string, outcome: "completed" | "refused") => {
    await ok(officer, id, "accept");
    if (outcome === "refused") return ok(officer, id, "refuse", { data: { reason: "Người chết không thuộc diện hưởng trợ cấp mai táng" } });
    await ok(officer, id, "approve");
    return sign(head, id);
  };
  const civilStatusToResult = async (id: string) => {
    await ok("tiepnhan", id, "accept");
    await ok("hotich", id, "record", { data: { book: "01/2026", entryNumber: String(entry++) } });
    await ok("hotich", id, "witness-book-signature", { data: { declarantSignedInPerson: true } });
    await sign("chutich", id);
  };

  it("birth: one submission opens the police and social-insurance parts with the mapped data; each agency sees only its part; the parent returns when both are done", async () => {
    const { id, part } = await submit(BIRTH, birthDeclaration(), birthDocuments());
    const residence = part("residence");
    const insurance = part("health-insurance");
    expect(residence).toMatchObject({ unit: POLICE, procedureId: "police.permanent-residence-registration", state: "received", outcome: null });
    expect(insurance).toMatchObject({ unit: BHXH, procedureId: "social-insurance.child-health-insurance-card", state: "received", mayFail: true });

    // Each part is a case of its own, in its agency, with the data it needs and nothing else.
    const police = await view("congan", residence.caseId);
    expect(police.case).toMatchObject({
      unit: POLICE,
      parent: { caseId: id, part: "residence", unit: "01-ba-dinh" },
      data: { person: { fullName: "Nguyễn Minh An", sex: "nam", dateOfBirth: "2026-02-20" }, residence: "Phường Ba Đình, Hà Nội", declarant: { fullName: "Trần Thị Bình", personalId: "001195012345" } },
      documents: [{ id: "declarant-id", name: "cccd.pdf" }],
    });
    expect(police.case.data.mother).toBeUndefined();
    expect((await view("bhxh", insurance.caseId)).case.data).toEqual({
      child: { fullName: "Nguyễn Minh An", sex: "nam", dateOfBirth: "2026-02-20" },
      guardian: { fullName: "Trần Thị Bình", personalId: "001195012345" },
      residence: "Phường Ba Đình, Hà Nội",
    });
    // Officials of one agency see only their part: not the parent, not the other agency's.
    for (const [user, other] of [["congan", id], ["congan", insurance.caseId], ["bhxh", residence.caseId], ["bhxh", id], ["hotich", residence.caseId]] as const) {
      expectProblem(await request(s.app).get(`/cases/${other}`).set(as(user)), 404, "case.not_found");
    }
    const policeQueue = (await request(s.app).get("/cases").set(as("congan"))).body.items.map((c: { id: string }) => c.id);
    expect(policeQueue).toContain(residence.caseId);
    expect(policeQueue).not.toContain(id);
    expect(policeQueue).not.toContain(insurance.caseId);

    await civilStatusToResult(id);
    // The parent's rule: its result waits for the parts.
    const waiting = expectProblem(await step("tiepnhan", id, "return-result"), 422, "action.guard_failed");
    expect(waiting).toMatchObject({ guard: "linkedParts", verdict: "open", parts: ["residence", "health-insurance"] });

    await agency("congan", "truongcongan", residence.caseId, "completed");
    await agency("bhxh", "giamdocbhxh", insurance.caseId, "completed");
    const parent = await view("tiepnhan", id);
    expect(parent.parts.verdict).toBe("satisfied");
    expect(parent.parts.items.map((p: Part) => [p.part, p.state, p.outcome])).toEqual([["residence", "done", "completed"], ["health-insurance", "done", "completed"]]);

    await ok("tiepnhan", id, "return-result");
    expect((await ok("luutru", id, "archive")).case.outcome).toBe("completed");

    // Results flowed back as entries of the parent's own chain, and every chain verifies.
    const history = (await request(s.app).get(`/cases/${id}/history`).set(as("tiepnhan"))).body.entries as Array<{ action: string; input?: Record<string, unknown> }>;
    expect(history.filter((e) => e.action === "system:linked-part").map((e) => [e.input!.part, e.input!.outcome])).toEqual([["residence", "completed"], ["health-insurance", "completed"]]);
    for (const c of [id, residence.caseId, insurance.caseId]) {
      const v = await request(s.app).post(`/audit/cases/${c}/verify`).set(as("kiemtra"));
      expect(v.status).toBe(200);
      expect(v.body.findings, c).toEqual([]);
    }
  });

  it("death: the funeral allowance is refused, which that part may be; the parent completes with the refusal recorded", async () => {
    const { id, part } = await submit(DEATH, deathDeclaration(), DEATH_DOCUMENTS);
    const removal = part("residence-removal");
    const allowance = part("funeral-allowance");
    expect((await view("congan", removal.caseId)).case.data).toEqual({
      person: { fullName: "Lê Văn Tư", personalId: "001041000789" }, residence: "Số 5 phố Đội Cấn, phường Ba Đình, Hà Nội", dateOfDeath: "2026-02-27",
    });
    expect((await view("bhxh", allowance.caseId)).case.documents.map((d: { id: string }) => d.id)).toEqual(["claimant-id"]);

    await civilStatusToResult(id);
    expect((await agency("bhxh", "giamdocbhxh", allowance.caseId, "refused")).case.outcome).toBe("refused");
    // One part is still open: the rule waits.
    expect(expectProblem(await step("tiepnhan", id, "return-result"), 422, "action.guard_failed")).toMatchObject({ verdict: "open", parts: ["residence-removal"] });
    await agency("congan", "truongcongan", removal.caseId, "completed");

    const parent = await view("tiepnhan", id);
    expect(parent.parts.verdict).toBe("satisfied");
    expect(parent.parts.items.map((p: Part) => [p.part, p.outcome])).toEqual([["residence-removal", "completed"], ["funeral-allowance", "refused"]]);
    await ok("tiepnhan", id, "return-result");
    expect((await ok("luutru", id, "archive")).case).toMatchObject({ outcome: "completed", parts: [{ outcome: "completed" }, { outcome: "refused" }] });
  });

  it("a required part refused: the parent may not return its result, and says which part failed", async () => {
    const { id, part } = await submit(BIRTH, birthDeclaration(), birthDocuments());
    await civilStatusToResult(id);
    await agency("congan", "truongcongan", part("residence").caseId, "refused");
    expect((await view("tiepnhan", id)).parts.verdict).toBe("failed");
    expect(expectProblem(await step("tiepnhan", id, "return-result"), 422, "action.guard_failed")).toMatchObject({ verdict: "failed", parts: ["residence"] });
  });
});
