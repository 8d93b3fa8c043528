// Tasks for another unit in the pure engine: the three ways the unit is resolved, the choice kept
// to the allowed units, who may answer, and the task leaving the case when the answer moves it on.
import { describe, expect, it } from "vitest";
import { compileProcedure } from "../../engine/compile.js";
import type { Procedure } from "../../schemas/generated/procedure.js";
import { OTHER_UNIT, act, actor, doc, open, readJson, refused, staff } from "../support/engine.js";
import { signedRequest, signingKit } from "../support/sign.js";

const MARITAL = "procedures/civil-status.marital-status-confirmation.json";
const other = actor("vu.ho-tich-binh-an", ["civil-status"], OTHER_UNIT);
const DATA = {
  person: { fullName: "Đặng Thị Mai", sex: "nu", dateOfBirth: "1997-07-07", ethnicity: "Kinh", nationality: "Việt Nam", residence: "Xã Tân Phú", personalId: "079197006789" },
  maritalStatus: "chua-ket-hon", purpose: "khac", purposeDetail: "Để mua bán nhà đất",
  residencePeriods: [{ residence: "Xã Bình An", from: "1997-07-07" }],
};

/** The shipped procedure with the task's unit taken another way. */
function variant(unit: Record<string, unknown>, change: (def: Procedure) => void = () => {}) {
  const def = readJson(MARITAL) as Procedure;
  change(def);
  def.states["external-verification"]!.unitTask!.unit = unit as never;
  (def.actions.find((a) => a.id === "request-verification")!.data as { properties: Record<string, unknown> }).properties.askedUnit = { type: "string" };
  return compileProcedure(def);
}

const inVerification = async (cp: ReturnType<typeof variant>) => act(open(cp, DATA, [doc("applicant-id")]), staff.reception, { action: "accept" });
const ASK = { reason: "Xác minh thời gian cư trú tại xã Bình An" };

describe("a task for another unit", () => {
  it("takes the officer's choice among the allowed units, and refuses another naming the field", async () => {
    const cp = variant({ fromInput: "/askedUnit", allowed: [OTHER_UNIT] });
    const w = await inVerification(cp);
    expect(await refused(w, staff.civilStatus, { action: "request-verification", data: { ...ASK, askedUnit: "xa-khac" } })).toBe("data.invalid");
    await act(w, staff.civilStatus, { action: "request-verification", data: { ...ASK, askedUnit: OTHER_UNIT } });
    expect(w.case.task).toMatchObject({ unit: OTHER_UNIT, role: "civil-status", request: { askedUnit: OTHER_UNIT } });
  });

  it("takes a fixed unit; only that unit answers; the answer sends the case home without its task", async () => {
    const w = await inVerification(variant({ fixed: OTHER_UNIT }));
    await act(w, staff.civilStatus, { action: "request-verification", data: ASK });
    expect(w.case.task?.unit).toBe(OTHER_UNIT);
    const answer = { action: "record-verification-reply", data: { replyReference: "CV 1", findings: "Không đăng ký kết hôn tại xã" } };
    expect(await refused(w, staff.civilStatus, answer)).toBe("actor.unit_not_permitted");
    expect(await refused(w, other, { action: "refuse", data: { reason: "Không thuộc thẩm quyền xác minh" } })).toBe("actor.unit_not_permitted");
    await act(w, other, answer);
    expect(w.case.state).toBe("verification");
    expect("task" in w.case).toBe(false);
    expect(w.entries.at(-1)!.actor).toEqual({ id: other.id, unit: OTHER_UNIT, role: "civil-status" });
  });

  it("an answer that declares a signature is signed by the answering unit's official, and the evidence is in the case's chain", async () => {
    const cp = variant({ fixed: OTHER_UNIT }, (def) => {
      def.actions.find((a) => a.id === "record-verification-reply")!.signature = { role: "civil-status", covers: ["data", "documents"], required: false };
    });
    const w = await inVerification(cp);
    await act(w, staff.civilStatus, { action: "request-verification", data: ASK });
    const { req, ctx } = await signedRequest(w, "record-verification-reply");
    const data = { replyReference: "CV 2", findings: "Không đăng ký kết hôn tại xã" };
    expect(await refused(w, other, { action: "record-verification-reply", data })).toBe("signature.required");
    const signer = actor("vu.ho-tich-binh-an", ["civil-status"], OTHER_UNIT, [(await signingKit()).official.fingerprint]);
    await act(w, signer, { ...req, data }, ctx);
    expect(w.entries.at(-1)).toMatchObject({ action: "record-verification-reply", actor: { unit: OTHER_UNIT }, signature: expect.any(Object) });
  });
});
