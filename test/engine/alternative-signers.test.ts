// One signature checkpoint that any of several roles may sign ("the chairman or a vice-chairman"):
// each alternative signs for real, the role signed in is the one the audit entry records, and a
// role outside the alternatives is refused before the signature is looked at.
import { describe, it, expect } from "vitest";
import { compileProcedure } from "../../engine/compile.js";
import { lintProcedure } from "../../engine/procedure/lint.js";
import type { Procedure } from "../../schemas/generated/procedure.js";
import { actor, act, doc, open, readJson, refused, staff, BIRTH_DECLARATION } from "../support/engine.js";
import { signedRequest, signingKit } from "../support/sign.js";

/** The catalog's birth registration with the chairman and the vice-chairman as separate roles, either may sign. */
function withAlternativeSigners(): Procedure {
  const p = structuredClone(readJson("procedures/civil-status.birth-registration.json")) as Procedure;
  p.roles.push({ id: "vice-chairman", title: { vi: "Phó Chủ tịch UBND xã", en: "Commune vice-chairman" } });
  const sign = p.actions.find((a) => a.id === "sign")!;
  sign.roles = ["signer", "vice-chairman"];
  const { role: _single, ...rest } = sign.signature!;
  sign.signature = { ...rest, roles: ["signer", "vice-chairman"] };
  return p;
}

async function atSignature() {
  const w = open(compileProcedure(withAlternativeSigners()), BIRTH_DECLARATION, [doc("birth-certificate", 1), doc("declarant-id", 2)]);
  await act(w, staff.reception, { action: "accept" });
  await act(w, staff.civilStatus, { action: "record", data: { book: "01", entryNumber: "3" } });
  await act(w, staff.civilStatus, { action: "witness-book-signature", data: { declarantSignedInPerson: true } });
  return w;
}

describe("alternative signers at one checkpoint", () => {
  it("lints clean", () => expect(lintProcedure(withAlternativeSigners())).toEqual([]));

  it("accepts the chairman and records the role 'signer'", async () => {
    const w = await atSignature();
    const { req, ctx, who } = await signedRequest(w);
    await act(w, who, req, ctx);
    expect(w.case.state).toBe("result-ready");
    expect(w.entries.at(-1)!.actor.role).toBe("signer");
  });

  it("accepts the vice-chairman with the same certificate registered, and records the role 'vice-chairman'", async () => {
    const w = await atSignature();
    const k = await signingKit();
    const { req, ctx } = await signedRequest(w);
    // Also a reception officer: the entry records the role the official signed in, not the first one held.
    const vice = actor("tran.pho-chu-tich", ["reception", "vice-chairman"], undefined, [k.official.fingerprint]);
    await act(w, vice, req, ctx);
    expect(w.entries.at(-1)!).toMatchObject({ action: "sign", actor: { id: "tran.pho-chu-tich", role: "vice-chairman" } });
    expect(w.entries.at(-1)!.signature!.payloadDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses a role outside the alternatives", async () => {
    const w = await atSignature();
    const { req, ctx } = await signedRequest(w);
    expect(await refused(w, staff.civilStatus, req, ctx)).toBe("actor.role_not_permitted");
  });
});
