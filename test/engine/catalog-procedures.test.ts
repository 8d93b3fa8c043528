// Every shipped procedure driven through the pure engine: the happy path to its completed final
// state with a real signature, each branch (supplement twice, refuse, withdraw, timeout, send
// back for correction, the procedure's own optional steps), and the refusals the engine owes
// the clerk: wrong role, wrong unit, action not available, bad data, missing papers, no signature.
import { beforeAll, describe, expect, it } from "vitest";
import { openCase } from "../../engine/intake.js";
import { applyAction } from "../../engine/apply.js";
import { verifyChain } from "../../engine/audit/entry.js";
import { buildSigningPayload, payloadDigest } from "../../engine/signature/payload.js";
import type { CompiledProcedure } from "../../engine/compile.js";
import type { Actor } from "../../engine/case.js";
import { MotcuaError } from "../../engine/errors.js";
import { type Walker, OTHER_UNIT, PROVINCE, UNIT, act, actor, calendar, doc, loadProcedure, open, refused, staff } from "../support/engine.js";
import { signStep, signedRequest, signingKit } from "../support/sign.js";
import { birthHandover } from "../support/birth.js";

type Who = keyof typeof staff | "citizen" | "formerResidence";
interface Step {
  who: Who;
  action: string;
  data?: unknown;
}

interface Spec {
  id: string;
  /** A complete, valid application. */
  data: () => Record<string, unknown>;
  /** Ids of the documents the form marks as required. */
  documents: string[];
  /** A personal id of 11 digits somewhere in the form, and where the engine must point. */
  badPersonalId: { set: (d: Record<string, any>) => void; pointer: string };
  /** A required member to drop, and its pointer. */
  missing: { drop: (d: Record<string, any>) => void; pointer: string };
  /** From "verification" to the signature checkpoint. */
  toSignature: Step[];
  /** After the signature, to the completed final state. */
  afterSign: Step[];
  /** The procedure's own optional detour that leaves "verification" and comes back to it. */
  detour?: Step[];
  /** A state of the detour from which "refuse" is also allowed. */
  refuseFromDetour?: boolean;
  /** A branch at acceptance that a rule over the dossier decides: when it is received, the papers it then needs, the state it goes to and the steps back to "verification". */
  ruleBranch?: { receivedAt: string; documents: string[]; state: string; steps: Step[] };
  /** Form fields a citizen may correct while supplementing. */
  correction: Record<string, unknown>;
  /** Due dates at intake Monday 2026-03-02 09:00 local, after 15:30 the same day, and after 3 paused working days. */
  due: { intake: string; afterCutoff: string; afterPauses: string };
}

const citizen = actor("cong-dan.online", ["citizen"]);
/** The civil-status officer of the commune a task is asked of (the former place of residence). */
const formerResidence = actor("vu.ho-tich-binh-an", ["civil-status"], OTHER_UNIT);
const who = (w: Who): Actor => (w === "citizen" ? citizen : w === "formerResidence" ? formerResidence : staff[w]);

const ID = (n: string) => n.padStart(12, "0");
const PARENT = (fullName: string, personalId: string, dateOfBirth: string) => ({
  fullName,
  dateOfBirth,
  ethnicity: "Kinh",
  nationality: "Việt Nam",
  residence: "Số 12 đường Lũy Bán Bích, phường Tân Phú, TP. Hồ Chí Minh",
  personalId,
});
const BOOK = { book: "01/2026", entryNumber: "128" };
const SAME_DAY = { intake: "2026-03-02T10:00:00.000Z", afterCutoff: "2026-03-03T10:00:00.000Z", afterPauses: "2026-03-05T10:00:00.000Z" };

const SPECS: Spec[] = [
  {
    id: "civil-status.birth-registration",
    data: () => ({
      child: {
        fullName: "Nguyễn Minh Khôi",
        sex: "nam",
        dateOfBirth: "2026-02-20",
        placeOfBirth: "Bệnh viện Hùng Vương, TP. Hồ Chí Minh",
        ethnicity: "Kinh",
        nationality: "Việt Nam",
        homeTown: "Tân Phú, TP. Hồ Chí Minh",
      },
      mother: PARENT("Trần Thị Bích Ngọc", ID("79195001234"), "1995-04-12"),
      father: PARENT("Nguyễn Văn Hùng", ID("79093004567"), "1993-09-30"),
      declarant: { fullName: "Trần Thị Bích Ngọc", personalId: ID("79195001234"), relationship: "me" },
      copies: 2,
    }),
    documents: ["birth-certificate", "declarant-id"],
    badPersonalId: { set: (d) => (d.mother.personalId = "07919500123"), pointer: "/data/mother/personalId" },
    missing: { drop: (d) => delete d.child.dateOfBirth, pointer: "/data/child/dateOfBirth" },
    toSignature: [
      { who: "civilStatus", action: "record", data: BOOK },
      { who: "civilStatus", action: "witness-book-signature", data: { declarantSignedInPerson: true } },
    ],
    afterSign: [
      { who: "reception", action: "return-result", data: birthHandover() },
      { who: "archivist", action: "archive" },
    ],
    correction: { copies: 3 },
    due: SAME_DAY,
  },
  {
    id: "civil-status.death-registration",
    data: () => ({
      deceased: {
        fullName: "Lê Văn Tư",
        sex: "nam",
        dateOfBirth: "1941-06-15",
        ethnicity: "Kinh",
        nationality: "Việt Nam",
        lastResidence: "Số 5 hẻm 40 đường Tân Hương, phường Tân Phú, TP. Hồ Chí Minh",
        personalId: ID("79041000789"),
      },
      death: { date: "2026-02-27", time: "22:15", place: "Tại nhà riêng, phường Tân Phú", cause: "Bệnh tuổi già" },
      declarant: { fullName: "Lê Thị Hoa", personalId: ID("79170002345"), relationship: "con" },
      copies: 3,
    }),
    documents: ["death-notice", "declarant-id"],
    badPersonalId: { set: (d) => (d.deceased.personalId = "07904100078"), pointer: "/data/deceased/personalId" },
    missing: { drop: (d) => delete d.death.cause, pointer: "/data/death/cause" },
    toSignature: [
      { who: "civilStatus", action: "record", data: BOOK },
      { who: "civilStatus", action: "witness-book-signature", data: { declarantSignedInPerson: true } },
    ],
    afterSign: [
      { who: "reception", action: "return-result" },
      { who: "archivist", action: "archive" },
    ],
    correction: { copies: 5 },
    // Died Fri 27 Feb; received Mon 16 Mar 09:00 local, 17 days later: a late declaration.
    ruleBranch: {
      receivedAt: "2026-03-16T02:00:00.000Z",
      documents: ["death-notice", "declarant-id", "late-declaration-note"],
      state: "late-verification",
      steps: [{ who: "civilStatus", action: "confirm-late-declaration", data: { findings: "Đã xác minh với tổ dân phố, đúng sự thật" } }],
    },
    due: SAME_DAY,
  },
  {
    id: "civil-status.marriage-registration",
    data: () => ({
      bride: { ...PARENT("Phạm Thị Thu Hà", ID("79198003456"), "1998-11-02"), marriageCount: 1 },
      groom: { ...PARENT("Võ Quốc Bảo", ID("79096005678"), "1996-01-25"), marriageCount: 1 },
      copies: 1,
    }),
    documents: ["bride-id", "groom-id"],
    badPersonalId: { set: (d) => (d.groom.personalId = "07909600567"), pointer: "/data/groom/personalId" },
    missing: { drop: (d) => delete d.bride.residence, pointer: "/data/bride/residence" },
    toSignature: [
      { who: "civilStatus", action: "record", data: BOOK },
      { who: "civilStatus", action: "witness-book-signature", data: { brideSignedInPerson: true, groomSignedInPerson: true } },
    ],
    afterSign: [
      { who: "reception", action: "return-result", data: { bothPartiesPresent: true } },
      { who: "archivist", action: "archive" },
    ],
    detour: [
      { who: "civilStatus", action: "request-condition-check", data: { reason: "Bên nam đã từng kết hôn, cần xác minh việc ly hôn", askedUnit: "UBND phường Bình Tân" } },
      { who: "civilStatus", action: "confirm-conditions", data: { findings: "Đã ly hôn theo bản án có hiệu lực năm 2022" } },
    ],
    refuseFromDetour: true,
    correction: { copies: 2 },
    due: SAME_DAY,
  },
  {
    id: "civil-status.marital-status-confirmation",
    data: () => ({
      person: {
        fullName: "Đặng Thị Mai",
        sex: "nu",
        dateOfBirth: "1997-07-07",
        ethnicity: "Kinh",
        nationality: "Việt Nam",
        residence: "Số 8 đường Độc Lập, phường Tân Phú, TP. Hồ Chí Minh",
        personalId: ID("79197006789"),
      },
      maritalStatus: "chua-ket-hon",
      purpose: "ket-hon",
      intendedSpouse: { fullName: "Kim Min-jun", dateOfBirth: "1994-03-03", nationality: "Hàn Quốc", marriagePlace: "Sở Tư pháp TP. Hồ Chí Minh" },
      residencePeriods: [
        { residence: "Xã Phước Hưng, tỉnh Bà Rịa - Vũng Tàu", from: "1997-07-07", to: "2015-08-31" },
        { residence: "Phường Tân Phú, TP. Hồ Chí Minh", from: "2015-09-01" },
      ],
      formerResidenceUnit: OTHER_UNIT,
    }),
    documents: ["applicant-id"],
    badPersonalId: { set: (d) => (d.person.personalId = "07919700678"), pointer: "/data/person/personalId" },
    missing: { drop: (d) => delete d.intendedSpouse, pointer: "/data/intendedSpouse" },
    toSignature: [{ who: "civilStatus", action: "record", data: BOOK }],
    afterSign: [
      { who: "reception", action: "return-result" },
      { who: "archivist", action: "archive" },
    ],
    detour: [
      { who: "civilStatus", action: "request-verification", data: { reason: "Xác minh tình trạng hôn nhân thời gian cư trú 1997-2015" } },
      { who: "formerResidence", action: "record-verification-reply", data: { replyReference: "Công văn 45/UBND ngày 04/3/2026", findings: "Không đăng ký kết hôn tại địa phương trong thời gian cư trú" } },
    ],
    refuseFromDetour: true,
    correction: { purposeDetail: "Để đăng ký kết hôn với công dân Hàn Quốc" },
    due: { intake: "2026-03-05T10:00:00.000Z", afterCutoff: "2026-03-06T10:00:00.000Z", afterPauses: "2026-03-10T10:00:00.000Z" },
  },
  {
    id: "civil-status.extract-copy",
    data: () => ({
      requester: { fullName: "Hoàng Văn Nam", personalId: ID("79088001122"), relationship: "ban-than" },
      record: {
        event: "khai-sinh",
        subjectFullName: "Hoàng Văn Nam",
        book: "02/1988",
        entryNumber: "57",
        registrationDate: "1988-05-20",
        registeredBy: "UBND phường 16, quận Tân Bình",
      },
      copies: 2,
      delivery: "ban-dien-tu",
    }),
    documents: ["requester-id"],
    badPersonalId: { set: (d) => (d.requester.personalId = "07908800112"), pointer: "/data/requester/personalId" },
    missing: { drop: (d) => delete d.record.entryNumber, pointer: "/data/record/entryNumber" },
    toSignature: [{ who: "civilStatus", action: "prepare", data: BOOK }],
    afterSign: [
      { who: "reception", action: "return-result" },
      { who: "archivist", action: "archive" },
    ],
    correction: { copies: 4 },
    due: SAME_DAY,
  },
  {
    id: "civil-status.copy-certification",
    data: () => ({
      requester: { fullName: "Bùi Thị Lan", personalId: ID("79185007788") },
      document: { type: "van-bang-chung-chi", title: "Bằng tốt nghiệp đại học", number: "QH-2008-123", issuedBy: "Đại học Quốc gia Hà Nội", issueDate: "2008-07-01" },
      pages: 2,
      copies: 3,
    }),
    documents: ["original", "copies"],
    badPersonalId: { set: (d) => (d.requester.personalId = "07918500778"), pointer: "/data/requester/personalId" },
    missing: { drop: (d) => delete d.pages, pointer: "/data/pages" },
    toSignature: [{ who: "civilStatus", action: "record", data: { ...BOOK, copiesMatchOriginal: true } }],
    afterSign: [
      { who: "reception", action: "return-result" },
      { who: "archivist", action: "archive" },
    ],
    correction: { copies: 5 },
    due: SAME_DAY,
  },
];

// Monday 2 March 2026, 09:00 in Hồ Chí Minh City (UTC+7), then later the same week.
const MON_0900 = "2026-03-02T02:00:00.000Z";
const MON_1530 = "2026-03-02T08:30:00.000Z";
const at = (w: Walker, iso: string) => {
  w.now = iso;
  return w;
};

async function steps(w: Walker, list: Step[]): Promise<Walker> {
  for (const s of list) await act(w, who(s.who), { action: s.action, ...(s.data !== undefined ? { data: s.data } : {}) });
  return w;
}

/** The chain the auditor rechecks: seq 0..n, each prevHash the previous hash, states linked. */
function expectSoundAudit(w: Walker, actions: string[]) {
  expect(w.entries.map((e) => e.action)).toEqual(["intake", ...actions]);
  expect(w.entries.map((e) => e.seq)).toEqual(w.entries.map((_, i) => i));
  expect(w.entries[0]!.prevHash).toBe("0".repeat(64));
  w.entries.slice(1).forEach((e, i) => {
    expect(e.prevHash).toBe(w.entries[i]!.hash);
    expect(e.from).toBe(w.entries[i]!.to);
  });
  expect(verifyChain(w.case.id, w.entries)).toEqual([]);
  expect(w.case.seq).toBe(w.entries.length);
  expect(w.case.auditHead).toBe(w.entries.at(-1)!.hash);
  for (const e of w.entries) expect(e.procedure).toBe(`${w.cp.def.id}@${w.cp.def.version}`);
}

beforeAll(async () => {
  await signingKit();
});

describe.each(SPECS)("$id", (spec) => {
  let cp: CompiledProcedure;
  const taken = new Set<string>();
  const docs = () => spec.documents.map((id, i) => doc(id, i + 1));
  const start = (documents = docs(), now = MON_0900) => open(cp, spec.data(), documents, now);
  const names = (list: Step[]) => list.map((s) => s.action);
  const track = (w: Walker) => {
    for (const e of w.entries.slice(1)) taken.add(e.action);
    return w;
  };
  /** From intake to the signature checkpoint. */
  const toSignature = async (w = start()) => steps(await act(w, staff.reception, { action: "accept" }), spec.toSignature);

  beforeAll(() => {
    cp = loadProcedure(spec.id);
  });

  it("happy path: received -> verified -> signed -> returned -> archived (completed), audit chain intact", async () => {
    const w = await toSignature();
    expect(w.case.state).toBe("awaiting-signature");
    const payload = buildSigningPayload(w.case, "sign", cp.def.actions.find((a) => a.id === "sign")!.signature!);
    await signStep(w);
    expect(w.case.state).toBe("result-ready");
    await steps(w, spec.afterSign);

    expect(w.case.state).toBe("archived");
    expect(w.case.outcome).toBe("completed");
    expect(w.case.closedAt).toBe(w.now);
    expect(cp.def.states[w.case.state]).toMatchObject({ kind: "final", outcome: "completed" });
    expectSoundAudit(w, ["accept", ...names(spec.toSignature), "sign", ...names(spec.afterSign)]);
    // The signature checkpoint's evidence sits in its entry, over the payload the signer saw.
    const signed = w.entries.find((e) => e.action === "sign")!;
    expect(signed.actor).toMatchObject({ role: "signer", unit: UNIT });
    expect(signed.signature?.payloadDigest).toBe(payloadDigest(payload));
    expect(signed.signature?.signer.fingerprint).toBe((await signingKit()).official.fingerprint);
    expect(w.entries.filter((e) => e.signature).length).toBe(1);
    // Closed: nothing more can happen.
    expect(await refused(w, staff.archivist, { action: "archive" })).toBe("case.closed");
    track(w);
  });

  it("the deadline follows the procedure: same-day or N working days, 15:00 cut-off", () => {
    expect(start().case).toMatchObject({ dueAt: spec.due.intake, originalDueAt: spec.due.intake });
    expect(start(docs(), MON_1530).case.dueAt).toBe(spec.due.afterCutoff);
  });

  it("supplement -> supplement -> continue: the clock pauses twice and the due date moves by the paused working days", async () => {
    // Received without its second required paper (or without any when only one is required).
    const w = start(docs().slice(0, spec.documents.length - 1));
    await act(at(w, "2026-03-02T02:30:00.000Z"), staff.reception, { action: "request-supplement", data: { missing: `Thiếu ${spec.documents.at(-1)}` } });
    expect(w.case).toMatchObject({ state: "awaiting-supplement", pausedAt: w.now });
    // Wednesday 09:00: the citizen brings the paper; Monday and Tuesday did not count.
    await act(at(w, "2026-03-04T02:00:00.000Z"), staff.reception, { action: "supplement", documents: docs().slice(-1) });
    expect(w.case).toMatchObject({ state: "received", pausedAt: null, pausedWorkingDays: 2 });
    await act(w, staff.reception, { action: "accept" });
    // The civil-status officer asks again; Thursday 09:00 the citizen corrects the form online.
    await act(at(w, "2026-03-04T03:00:00.000Z"), staff.civilStatus, { action: "request-supplement", data: { missing: "Bổ sung, sửa thông tin tờ khai" } });
    await act(at(w, "2026-03-05T02:00:00.000Z"), citizen, { action: "supplement", data: spec.correction });
    expect(w.case).toMatchObject({ state: "received", pausedAt: null, pausedWorkingDays: 3, dueAt: spec.due.afterPauses, originalDueAt: spec.due.intake });
    expect(w.case.data).toMatchObject(spec.correction);
    // ...and the case continues to its end.
    await steps(await act(w, staff.reception, { action: "accept" }), spec.toSignature);
    await signStep(w);
    await steps(w, spec.afterSign);
    expect(w.case).toMatchObject({ state: "archived", outcome: "completed", pausedWorkingDays: 3 });
    expectSoundAudit(w, ["request-supplement", "supplement", "accept", "request-supplement", "supplement", "accept", ...names(spec.toSignature), "sign", ...names(spec.afterSign)]);
    track(w);
  });

  it("a supplement that breaks the form is refused with pointers", async () => {
    const w = start();
    await act(w, staff.reception, { action: "request-supplement", data: { missing: "Sửa số định danh" } });
    const bad = spec.data();
    spec.badPersonalId.set(bad);
    const top = spec.badPersonalId.pointer.split("/")[2]!;
    const r = await applyAction(cp, w.case, { action: "supplement", data: { [top]: bad[top] } }, citizen, w.ctx());
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("data.invalid");
      expect(r.error.errors).toContainEqual(expect.objectContaining({ pointer: spec.badPersonalId.pointer, rule: "pattern" }));
    }
  });

  it("refuse with a written reason", async () => {
    const w = await act(start(), staff.reception, { action: "accept" });
    expect(await refused(w, staff.civilStatus, { action: "refuse", data: {} })).toBe("data.invalid");
    expect(await refused(w, staff.civilStatus, { action: "refuse", data: { reason: "ngắn" } })).toBe("data.invalid");
    const reason = "Giấy tờ xuất trình không hợp lệ, có dấu hiệu tẩy xóa";
    await act(w, staff.civilStatus, { action: "refuse", data: { reason } });
    expect(w.case).toMatchObject({ state: "refused", outcome: "refused", closedAt: w.now });
    expect(w.entries.at(-1)).toMatchObject({ action: "refuse", input: { reason }, actor: { role: "civil-status" } });
    expectSoundAudit(w, ["accept", "refuse"]);
    track(w);
  });

  it("withdraw by the citizen, before and during verification; not once signed", async () => {
    const w = await act(start(), citizen, { action: "withdraw", data: { reason: "Nộp nhầm thủ tục" } });
    expect(w.case).toMatchObject({ state: "withdrawn", outcome: "withdrawn" });
    expectSoundAudit(w, ["withdraw"]);
    track(w);

    const v = await act(await act(start(), staff.reception, { action: "accept" }), staff.reception, { action: "withdraw" });
    expect(v.case).toMatchObject({ state: "withdrawn", outcome: "withdrawn" });

    const s = await toSignature();
    expect(await refused(s, citizen, { action: "withdraw" })).toBe("action.not_available");
  });

  it("timeout: the system actor fires 'expire' after the declared waiting period", async () => {
    const timeout = cp.def.states["awaiting-supplement"]!.timeout!;
    expect(timeout.action).toBe("expire");
    const w = await act(start(), staff.reception, { action: "request-supplement", data: { missing: "Giấy tờ tùy thân" } });
    expect(await refused(w, staff.reception, { action: "expire" })).toBe("actor.role_not_permitted");
    await act(at(w, "2026-05-04T10:00:00.000Z"), staff.system, { action: timeout.action });
    expect(w.case).toMatchObject({ state: "withdrawn", outcome: "withdrawn", closedAt: w.now, pausedAt: null });
    expect(w.entries.at(-1)).toMatchObject({ action: "expire", actor: { id: "system", role: "system" } });
    expectSoundAudit(w, ["request-supplement", "expire"]);
    // Only from the waiting state.
    expect(await refused(start(), staff.system, { action: "expire" })).toBe("action.not_available");
    track(w);
  });

  it("the signer sends the dossier back for correction, then signs", async () => {
    const w = await toSignature();
    await act(w, staff.signer, { action: "return-for-correction", data: { reason: "Sai chính tả tên" } });
    expect(w.case.state).toBe("verification");
    await steps(w, spec.toSignature);
    await signStep(w);
    await steps(w, spec.afterSign);
    expect(w.case.outcome).toBe("completed");
    expectSoundAudit(w, ["accept", ...names(spec.toSignature), "return-for-correction", ...names(spec.toSignature), "sign", ...names(spec.afterSign)]);
    track(w);
  });

  if (spec.detour) it("optional detour from verification and back, then completion or refusal", async () => {
    const w = await act(start(), staff.reception, { action: "accept" });
    await steps(w, spec.detour!);
    expect(w.case.state).toBe("verification");
    await steps(w, spec.toSignature);
    await signStep(w);
    await steps(w, spec.afterSign);
    expect(w.case.outcome).toBe("completed");
    expectSoundAudit(w, ["accept", ...names(spec.detour!), ...names(spec.toSignature), "sign", ...names(spec.afterSign)]);
    track(w);

    if (spec.refuseFromDetour) {
      const r = await steps(await act(start(), staff.reception, { action: "accept" }), spec.detour!.slice(0, 1));
      await act(r, staff.civilStatus, { action: "refuse", data: { reason: "Kết quả xác minh không đủ điều kiện" } });
      expect(r.case.outcome).toBe("refused");
      track(r);
    }
  });

  if (spec.ruleBranch) it("the branch a rule over the dossier decides at acceptance, then completion", async () => {
    const b = spec.ruleBranch!;
    const w = await act(open(cp, spec.data(), b.documents.map((id, i) => doc(id, i + 1)), b.receivedAt), staff.reception, { action: "accept" });
    expect(w.case.state).toBe(b.state);
    await steps(w, b.steps);
    expect(w.case.state).toBe("verification");
    await steps(w, spec.toSignature);
    await signStep(w);
    await steps(w, spec.afterSign);
    expect(w.case.outcome).toBe("completed");
    expectSoundAudit(w, ["accept", ...names(b.steps), ...names(spec.toSignature), "sign", ...names(spec.afterSign)]);
    track(w);
  });

  it("wrong role: actor.role_not_permitted", async () => {
    const w = start();
    expect(await refused(w, staff.civilStatus, { action: "accept" })).toBe("actor.role_not_permitted");
    expect(await refused(w, citizen, { action: "accept" })).toBe("actor.role_not_permitted");
    await act(w, staff.reception, { action: "accept" });
    // The reception officer is not the civil-status officer who records and witnesses.
    for (const s of spec.toSignature) {
      expect(await refused(w, staff.reception, { action: s.action, data: s.data })).toBe("actor.role_not_permitted");
      await act(w, who(s.who), { action: s.action, data: s.data });
    }
    expect(await refused(w, staff.civilStatus, { action: "sign" })).toBe("actor.role_not_permitted");
    expect(await refused(w, staff.reception, { action: "sign" })).toBe("actor.role_not_permitted");
    await signStep(w);
    expect(await refused(w, staff.archivist, { action: "return-result", data: spec.afterSign[0]!.data })).toBe("actor.role_not_permitted");
    await steps(w, spec.afterSign.slice(0, 1));
    expect(await refused(w, staff.reception, { action: "archive" })).toBe("actor.role_not_permitted");
    // Intake: only the counter and the citizen open cases.
    const r = openCase(cp, { id: "c2", code: "HS-2", unit: UNIT, province: PROVINCE, channel: "counter", data: spec.data(), documents: docs() }, staff.signer, { now: MON_0900, calendar: calendar() });
    expect(r.ok ? "ok" : r.error.code).toBe("actor.role_not_permitted");
  });

  it("wrong unit: actor.unit_not_permitted, at intake and on every step", async () => {
    const w = start();
    const outsider = (roles: string[]) => actor("official.xa-khac", roles, OTHER_UNIT);
    expect(await refused(w, outsider(["reception"]), { action: "accept" })).toBe("actor.unit_not_permitted");
    const s = await toSignature();
    const { req, ctx } = await signedRequest(s);
    const k = await signingKit();
    expect(await refused(s, actor("chu-tich.xa-khac", ["signer"], OTHER_UNIT, [k.official.fingerprint]), req, ctx)).toBe("actor.unit_not_permitted");
    const r = openCase(cp, { id: "c3", code: "HS-3", unit: UNIT, province: PROVINCE, channel: "counter", data: spec.data(), documents: docs() }, outsider(["reception"]), { now: MON_0900, calendar: calendar() });
    expect(r.ok ? "ok" : r.error.code).toBe("actor.unit_not_permitted");
  });

  it("action not available in the current state", async () => {
    const w = start();
    expect(await refused(w, staff.signer, { action: "sign" })).toBe("action.not_available");
    expect(await refused(w, staff.archivist, { action: "archive" })).toBe("action.not_available");
    expect(await refused(w, staff.reception, { action: "return-result" })).toBe("action.not_available");
    await act(w, staff.reception, { action: "accept" });
    expect(await refused(w, staff.reception, { action: "accept" })).toBe("action.not_available");
    expect(await refused(w, staff.reception, { action: "supplement" })).toBe("action.not_available");
    expect(await refused(w, staff.reception, { action: "no-such-action" })).toBe("action.unknown");
  });

  it("bad form data at intake: data.invalid with JSON pointers", () => {
    const intake = (data: unknown) =>
      openCase(cp, { id: "c4", code: "HS-4", unit: UNIT, province: PROVINCE, channel: "online", data, documents: docs() }, citizen, { now: MON_0900, calendar: calendar() });
    const bad = spec.data();
    spec.badPersonalId.set(bad);
    const r = intake(bad);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toBeInstanceOf(MotcuaError);
    if (!r.ok) {
      expect(r.error.code).toBe("data.invalid");
      expect(r.error.errors).toEqual([expect.objectContaining({ pointer: spec.badPersonalId.pointer, rule: "pattern" })]);
    }
    const incomplete = spec.data();
    spec.missing.drop(incomplete);
    const m = intake(incomplete);
    expect(m.ok ? [] : m.error.errors).toContainEqual(expect.objectContaining({ pointer: spec.missing.pointer, rule: "required" }));
    const extra = intake({ ...spec.data(), note: "không có trong tờ khai" });
    expect(extra.ok ? [] : extra.error.errors).toContainEqual(expect.objectContaining({ pointer: "/data/note", rule: "additionalProperties" }));
    expect(intake(spec.data()).ok).toBe(true);
  });

  it("missing required documents: accept fails its guard", async () => {
    const none = start([]);
    expect(await refused(none, staff.reception, { action: "accept" })).toBe("action.guard_failed");
    for (const id of spec.documents) {
      const w = start(docs().filter((d) => d.id !== id));
      expect(await refused(w, staff.reception, { action: "accept" })).toBe("action.guard_failed");
    }
    // Optional papers are not needed.
    expect((await act(start(), staff.reception, { action: "accept" })).case.state).toBe("verification");
  });

  it("the signature checkpoint: required, by a registered certificate, over the current payload", async () => {
    const w = await toSignature();
    expect(await refused(w, staff.signer, { action: "sign" })).toBe("signature.required");
    const { req, ctx } = await signedRequest(w);
    // The right role, but the certificate is not registered to this official.
    expect(await refused(w, staff.signer, req, ctx)).toBe("signature.signer_mismatch");
    // No trust store configured: nothing can be trusted.
    const k = await signingKit();
    expect(await refused(w, k.signer, req)).toBe("signature.untrusted_root");
    expect(w.case.state).toBe("awaiting-signature");
    expect(w.entries.length).toBe(1 + 1 + spec.toSignature.length);
  });

  // Runs last (tests of a file run in order): every declared action was taken by a scenario above.
  it("every declared action was exercised by the scenarios above", () => {
    const declared = new Set(cp.def.actions.map((a) => a.id));
    expect([...declared].filter((a) => !taken.has(a))).toEqual([]);
  });
});
