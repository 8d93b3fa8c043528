// Engine throughput: birth-registration steps applied per second (pure engine, no I/O), with and
// without the real signature verification at the checkpoint, and lint time for a generated catalog
// of 700 procedures (one province runs 718).
import { webcrypto } from "node:crypto";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { compileProcedure } from "../engine/compile.js";
import { openCase } from "../engine/intake.js";
import { applyAction } from "../engine/apply.js";
import { lintProcedure } from "../engine/procedure/lint.js";
import { buildSigningPayload, payloadBytes } from "../engine/signature/payload.js";
import type { Actor } from "../engine/case.js";
import type { WorkingCalendar } from "../engine/calendar.js";
import { PkiBuilder, EC_P256 } from "../server/pki/builder.js";
import { signRaw, rawSubmission } from "../test/support/pki.js";

const crypto = webcrypto as unknown as Crypto;
const root = new URL("../", import.meta.url);
const read = (rel: string) => JSON.parse(readFileSync(new URL(rel, root), "utf8"));

const who = (id: string, role: string, certs: string[] = []): Actor => ({ id, unit: "u1", province: "p", roles: [role], certificates: certs });
const data = {
  child: { fullName: "Nguyễn Minh An", sex: "nam", dateOfBirth: "2026-02-20", placeOfBirth: "Hà Nội", ethnicity: "Kinh", nationality: "Việt Nam", homeTown: "Nam Định" },
  mother: { fullName: "Trần Thị Bình", dateOfBirth: "1995-05-12", ethnicity: "Kinh", nationality: "Việt Nam", residence: "Hà Nội", personalId: "001195012345" },
  declarant: { fullName: "Trần Thị Bình", personalId: "001195012345", relationship: "me" },
  copies: 2,
};
const docs = [
  { id: "birth-certificate", name: "a.pdf", sha256: "a".repeat(64) },
  { id: "declarant-id", name: "b.pdf", sha256: "b".repeat(64) },
];

export async function benchEngine(): Promise<Record<string, string | number>> {
  const cp = compileProcedure(read("procedures/civil-status.birth-registration.json"));
  const calendar = read("procedures/calendars/VN.json") as WorkingCalendar;
  const b = new PkiBuilder({ crypto, now: () => new Date("2026-01-01T00:00:00Z") });
  const ca = await b.createRootCa({ subject: "CN=Bench CA", key: EC_P256 });
  const signer = await b.createEndEntity(ca, { subject: "CN=Bench signer", key: EC_P256 });
  const crl = await b.createCrl(ca, { thisUpdate: new Date("2026-01-01Z"), nextUpdate: new Date("2027-01-01Z") });
  const trust = { anchors: [ca.pem], intermediates: [], crls: [crl.pem] };
  const now = "2026-03-02T02:00:00.000Z";
  const ctx = { now, calendar, trust, crypto };
  const steps: Array<[Actor, string, unknown?]> = [
    [who("r", "reception"), "accept"],
    [who("c", "civil-status"), "record", { book: "1", entryNumber: "1" }],
    [who("c", "civil-status"), "witness-book-signature", { declarantSignedInPerson: true }],
  ];
  const tail: Array<[Actor, string]> = [[who("r", "reception"), "return-result"], [who("a", "archivist"), "archive"]];
  const signerActor = who("s", "signer", [signer.fingerprint]);

  async function lifecycle(i: number, sign: boolean): Promise<number> {
    const o = openCase(cp, { id: `c${i}`, code: `HS-${i}`, unit: "u1", province: "p", channel: "counter", data, documents: docs }, who("r", "reception"), { now, calendar });
    if (!o.ok) throw o.error;
    let c = o.case;
    let n = 1;
    for (const [a, action, d] of steps) {
      const r = await applyAction(cp, c, { action, data: d }, a, ctx);
      if (!r.ok) throw r.error;
      c = r.case;
      n++;
    }
    if (!sign) return n;
    const payload = buildSigningPayload(c, "sign", cp.def.actions.find((x) => x.id === "sign")!.signature!);
    const sig = await signRaw(signer, payloadBytes(payload));
    const r = await applyAction(cp, c, { action: "sign", signature: rawSubmission(signer, sig) }, signerActor, ctx);
    if (!r.ok) throw r.error;
    c = r.case;
    n++;
    for (const [a, action] of tail) {
      const t = await applyAction(cp, c, { action }, a, ctx);
      if (!t.ok) throw t.error;
      c = t.case;
      n++;
    }
    return n;
  }

  const time = async (fn: () => Promise<number>, minMs = 2000) => {
    let actions = 0;
    const start = performance.now();
    while (performance.now() - start < minMs) actions += await fn();
    return actions / ((performance.now() - start) / 1000);
  };
  let i = 0;
  await time(() => lifecycle(i++, true), 300); // warm-up
  const unsigned = await time(() => lifecycle(i++, false));
  const signed = await time(() => lifecycle(i++, true));

  // 700 procedures: the catalog's six, renamed, repeated.
  const catalog = ["birth-registration", "death-registration", "marriage-registration", "marital-status-confirmation", "extract-copy", "copy-certification"].map((n) => read(`procedures/civil-status.${n}.json`));
  const generated = Array.from({ length: 700 }, (_, k) => ({ ...catalog[k % catalog.length], id: `province.p${k}.procedure` }));
  const t0 = performance.now();
  let errors = 0;
  for (const p of generated) errors += lintProcedure(p).filter((d) => d.severity === "error").length;
  const lintMs = performance.now() - t0;
  return {
    "engine actions/s (intake..witness, no signature)": Math.round(unsigned),
    "engine actions/s (full birth lifecycle incl. ECDSA signature verification)": Math.round(signed),
    "lint 700 procedures (ms)": Math.round(lintMs),
    "lint errors in generated catalog": errors,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(await benchEngine());
}
