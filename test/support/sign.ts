// Signing a case's checkpoint for real in engine tests: a small CA (built with the shared test
// PKI builder), one official's EC P-256 certificate registered to the signer, a current CRL,
// and the signature made over the exact payload bytes the engine will rebuild.
import type { Actor } from "../../engine/case.js";
import type { ActionRequest, ApplyContext } from "../../engine/apply.js";
import type { TrustStore } from "../../engine/signature/types.js";
import { buildSigningPayload, payloadBytes } from "../../engine/signature/payload.js";
import { EC_P256, type Issued, PkiBuilder, rawSubmission, signRaw } from "./pki.js";
import { type Walker, act, actor } from "./engine.js";

export interface SigningKit {
  ca: Issued;
  official: Issued;
  trust: TrustStore;
  /** The commune chairman with the official's certificate registered to the account. */
  signer: Actor;
}

let kit: Promise<SigningKit> | undefined;

/** One hierarchy per test file, valid around the dates the catalog tests use (2025-2027). */
export function signingKit(): Promise<SigningKit> {
  kit ??= (async () => {
    const builder = new PkiBuilder({ crypto: globalThis.crypto, now: () => new Date("2026-01-01T00:00:00Z") });
    const validity = { notBefore: new Date("2025-01-01T00:00:00Z"), notAfter: new Date("2028-01-01T00:00:00Z") };
    const ca = await builder.createRootCa({ subject: "CN=Test Catalog CA, O=Ban Co yeu Chinh phu, C=VN", key: EC_P256, ...validity });
    const official = await builder.createEndEntity(ca, { subject: "CN=Nguyen Van Chu Tich, O=UBND Xa Tan Phu, C=VN", key: EC_P256, ...validity });
    const crl = await builder.createCrl(ca, { thisUpdate: new Date("2025-12-01T00:00:00Z"), nextUpdate: new Date("2027-12-31T00:00:00Z") });
    const trust: TrustStore = { anchors: [ca.pem], intermediates: [], crls: [crl.pem] };
    return { ca, official, trust, signer: actor("nguyen.chu-tich", ["signer"], undefined, [official.fingerprint]) };
  })();
  return kit;
}

/** The checkpoint an action carries when taken from the case's current state. */
function checkpointOf(w: Walker, action: string) {
  const a = w.cp.def.actions.find((x) => x.id === action && x.from.includes(w.case.state));
  if (!a?.signature) throw new Error(`action '${action}' from '${w.case.state}' has no signature checkpoint`);
  return a.signature;
}

/** A signed request for `action` on the case as it is now, and the context that trusts the kit's CA. */
export async function signedRequest(w: Walker, action = "sign"): Promise<{ req: ActionRequest; ctx: Partial<ApplyContext>; who: Actor }> {
  const k = await signingKit();
  const payload = buildSigningPayload(w.case, action, checkpointOf(w, action));
  const signature = await signRaw(k.official, payloadBytes(payload));
  return { req: { action, signature: rawSubmission(k.official, signature) }, ctx: { trust: k.trust }, who: k.signer };
}

/** The signing step of a happy path: the registered signer signs the current payload for real. */
export async function signStep(w: Walker, action = "sign"): Promise<Walker> {
  const { req, ctx, who } = await signedRequest(w, action);
  return act(w, who, req, ctx);
}
