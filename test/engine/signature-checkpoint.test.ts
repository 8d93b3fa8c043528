// The checkpoint step of the engine: a signature is bound to one case and one step through the
// audit head in the payload; replays and stale signatures are refused with their own codes.
import { describe, it, expect } from "vitest";
import { loadProcedure, open, act, refused, staff, doc, type Walker, BIRTH_DECLARATION } from "../support/engine.js";
import { signingKit, signedRequest, signStep } from "../support/sign.js";
import { buildSigningPayload, payloadBytes } from "../../engine/signature/payload.js";
import { canonicalJson } from "../../engine/hash.js";
import { rawSubmission, signRaw } from "../support/pki.js";

const cp = loadProcedure("civil-status.birth-registration");
const declaration = BIRTH_DECLARATION;

async function atSignature(id = "case-1"): Promise<Walker> {
  const w = open(cp, declaration, [doc("birth-certificate", 1), doc("declarant-id", 2)], undefined, { id, code: `HS-${id}` });
  await act(w, staff.reception, { action: "accept" });
  await act(w, staff.civilStatus, { action: "record", data: { book: "01", entryNumber: "3" } });
  await act(w, staff.civilStatus, { action: "witness-book-signature", data: { declarantSignedInPerson: true } });
  return w;
}

describe("signature checkpoint binding", () => {
  it("accepts the registered signer's signature and keeps what was signed in the entry", async () => {
    const w = await atSignature();
    const payload = buildSigningPayload(w.case, "sign", cp.def.actions.find((a) => a.id === "sign")!.signature!);
    await signStep(w);
    const entry = w.entries.at(-1)!;
    expect(entry.action).toBe("sign");
    expect(entry.signedPayload).toEqual(payload);
    expect(entry.signedPayload!.auditHead).toBe(entry.prevHash);
    expect(entry.signature!.payloadDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses a signature replayed from another case", async () => {
    const a = await atSignature("case-a");
    const b = await atSignature("case-b");
    const { req, ctx, who } = await signedRequest(a);
    const signedPayload = canonicalJson(buildSigningPayload(a.case, "sign", cp.def.actions.find((x) => x.id === "sign")!.signature!));
    expect(await refused(b, who, { ...req, signedPayload }, ctx)).toBe("signature.replayed_other_case");
    // Without the claimed payload the same replay is still refused: it does not verify over b's payload.
    expect(await refused(b, who, req, ctx)).toBe("signature.invalid");
  });

  it("refuses a signature made before the case's latest step (stale audit head)", async () => {
    const w = await atSignature();
    const old = await signedRequest(w);
    const oldPayload = canonicalJson(buildSigningPayload(w.case, "sign", cp.def.actions.find((x) => x.id === "sign")!.signature!));
    // The chairman sends it back; it returns to signature: same state, new audit head.
    await act(w, staff.signer, { action: "return-for-correction", data: { reason: "sửa quê quán" } });
    await act(w, staff.civilStatus, { action: "record", data: { book: "01", entryNumber: "4" } });
    await act(w, staff.civilStatus, { action: "witness-book-signature", data: { declarantSignedInPerson: true } });
    expect(w.case.state).toBe("awaiting-signature");
    expect(await refused(w, old.who, { ...old.req, signedPayload: oldPayload }, old.ctx)).toBe("signature.stale_audit_head");
    expect(await refused(w, old.who, old.req, old.ctx)).toBe("signature.invalid");
  });

  it("refuses a genuine signature over a payload whose dossier hash differs", async () => {
    const w = await atSignature();
    const k = await signingKit();
    const payload = { ...buildSigningPayload(w.case, "sign", cp.def.actions.find((x) => x.id === "sign")!.signature!), dataHash: "f".repeat(64) };
    const signature = await signRaw(k.official, payloadBytes(payload));
    const code = await refused(w, k.signer, { action: "sign", signature: rawSubmission(k.official, signature), signedPayload: canonicalJson(payload) }, { trust: k.trust });
    expect(code).toBe("signature.payload_mismatch");
  });

  it("refuses a signer without the signing role before looking at the signature", async () => {
    const w = await atSignature();
    const { req, ctx } = await signedRequest(w);
    expect(await refused(w, staff.reception, req, ctx)).toBe("actor.role_not_permitted");
  });
});
