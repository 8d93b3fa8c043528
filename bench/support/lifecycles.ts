// Drives birth-registration lifecycles through the pure engine with a real signing certificate.
import { webcrypto } from "node:crypto";
import { readFileSync } from "node:fs";
import { compileProcedure } from "../../engine/compile.js";
import { openCase } from "../../engine/intake.js";
import { applyAction } from "../../engine/apply.js";
import { buildSigningPayload, payloadBytes } from "../../engine/signature/payload.js";
import type { Actor, AuditEntry, CaseState } from "../../engine/case.js";
import type { WorkingCalendar } from "../../engine/calendar.js";
import { PkiBuilder, EC_P256 } from "../../server/pki/builder.js";
import { signRaw, rawSubmission } from "../../test/support/pki.js";
import { birthHandover } from "../../test/support/birth.js";

const crypto = webcrypto as unknown as Crypto;
const root = new URL("../../", import.meta.url);
export const read = (rel: string) => JSON.parse(readFileSync(new URL(rel, root), "utf8"));

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

export interface Driver {
  /** Runs one lifecycle; returns the number of steps (intake included) and the history. */
  run(i: number, sign: boolean): Promise<{ c: CaseState; entries: AuditEntry[] }>;
}

export async function driver(): Promise<Driver> {
  const cp = compileProcedure(read("procedures/civil-status.birth-registration.json"));
  const calendar = read("procedures/calendars/VN.json") as WorkingCalendar;
  const b = new PkiBuilder({ crypto, now: () => new Date("2026-01-01T00:00:00Z") });
  const ca = await b.createRootCa({ subject: "CN=Bench CA", key: EC_P256 });
  const signer = await b.createEndEntity(ca, { subject: "CN=Bench signer", key: EC_P256 });
  const crl = await b.createCrl(ca, { thisUpdate: new Date("2026-01-01Z"), nextUpdate: new Date("2027-01-01Z") });
  const ctx = { now: "2026-03-02T02:00:00.000Z", calendar, trust: { anchors: [ca.pem], intermediates: [], crls: [crl.pem] }, crypto };
  const signerActor = who("s", "signer", [signer.fingerprint]);
  const before: Array<[Actor, string, unknown?]> = [
    [who("r", "reception"), "accept"],
    [who("c", "civil-status"), "record", { book: "1", entryNumber: "1" }],
    [who("c", "civil-status"), "witness-book-signature", { declarantSignedInPerson: true }],
  ];
  const after: Array<[Actor, string, unknown?]> = [[who("r", "reception"), "return-result", birthHandover()], [who("a", "archivist"), "archive"]];
  return {
    async run(i, sign) {
      const o = openCase(cp, { id: `c${i}`, code: `HS-${i}`, unit: "u1", province: "p", channel: "counter", data, documents: docs }, who("r", "reception"), { now: ctx.now, calendar });
      if (!o.ok) throw o.error;
      let c = o.case;
      const entries = [o.entry];
      const step = async (a: Actor, req: Parameters<typeof applyAction>[2]) => {
        const r = await applyAction(cp, c, req, a, ctx);
        if (!r.ok) throw r.error;
        c = r.case;
        entries.push(r.entry);
      };
      for (const [a, action, d] of before) await step(a, { action, data: d });
      if (sign) {
        const payload = buildSigningPayload(c, "sign", cp.def.actions.find((x) => x.id === "sign")!.signature!);
        await step(signerActor, { action: "sign", signature: rawSubmission(signer, await signRaw(signer, payloadBytes(payload))) });
        for (const [a, action, d] of after) await step(a, { action, data: d });
      }
      return { c, entries };
    },
  };
}

export async function lifecycles(n: number): Promise<Array<{ c: CaseState; entries: AuditEntry[] }>> {
  const d = await driver();
  const out = [];
  for (let i = 0; i < n; i++) out.push(await d.run(i, true));
  return out;
}
