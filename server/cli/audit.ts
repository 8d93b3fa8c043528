// `motcua audit verify <bundle.json> --checkpoint-key <pem> [--trust <ca.pem>...] [--json]`:
// verifies an evidence bundle offline, with no database, and prints what it checked and the first failure.
import { readFile } from "node:fs/promises";
import { createPublicKey, webcrypto } from "node:crypto";
import { verifyBundle } from "../../engine/audit/bundle-verify.js";
import type { EvidenceBundle } from "../../engine/audit/bundle.js";
import { parseCheckpoint } from "../../engine/audit/checkpoint.js";

function values(args: string[], name: string): string[] {
  return args.flatMap((a, i) => (a === name && args[i + 1] ? [args[i + 1]!] : []));
}

const USAGE = "usage: motcua audit verify <bundle.json> --checkpoint-key <public-key.pem> [--trust <ca.pem>]... [--json]";

export async function auditCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const [sub, file] = args;
  const keyFile = values(args, "--checkpoint-key")[0];
  if (sub !== "verify" || !file || !keyFile) {
    console.error(USAGE);
    return 2;
  }
  let bundle: EvidenceBundle;
  try {
    bundle = JSON.parse(await readFile(file, "utf8")) as EvidenceBundle;
  } catch (e) {
    console.error(`cannot read ${file}: ${(e as Error).message}`);
    return 1;
  }
  const spki = createPublicKey(await readFile(keyFile, "utf8")).export({ type: "spki", format: "der" });
  const publicKey = new Uint8Array(spki.subarray(spki.length - 32));
  // The key name is part of the signed note: take it from the note, the key itself decides trust.
  const parsed = bundle.checkpoint ? parseCheckpoint(bundle.checkpoint.note) : undefined;
  const name = parsed?.ok ? (parsed.signatures[0]?.name ?? "") : "";
  const trust = await Promise.all(values(args, "--trust").map((f) => readFile(f, "utf8")));
  const report = await verifyBundle(bundle, { logKey: { name, publicKey }, anchors: trust.length ? trust : undefined, crypto: webcrypto as unknown as Crypto });
  if (args.includes("--json")) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(`case ${bundle.case?.code} (${bundle.case?.id}), ${bundle.entries?.length ?? 0} entries`);
    console.log(`checkpoint: ${report.checkpoint.ok ? "ok" : "FAILED"} - ${report.checkpoint.detail}`);
    for (const [i, e] of report.entries.entries()) {
      const marks = e.checks.map((c) => `${c.check}:${c.ok ? "ok" : c.pending ? "pending" : "FAILED"}`).join(" ");
      console.log(`  #${e.seq} ${e.action.padEnd(24)} ${e.ok ? "ok    " : "FAILED"} ${marks}`);
      // The signature check re-validated the token; this says which long-term evidence it rests on.
      const ts = bundle.entries[i]?.entry.signature?.timestamp;
      const sig = e.checks.find((c) => c.check === "signature");
      if (ts && sig?.ok) console.log(`      timestamped ${ts.genTime} by ${ts.tsa?.subject ?? "?"} (RFC 3161)`);
    }
    const marks = (checks: Array<{ check: string; ok: boolean; pending?: boolean }>) => checks.map((c) => `${c.check}:${c.ok ? "ok" : c.pending ? "pending" : "FAILED"}`).join(" ");
    if (report.procedure) console.log(`  procedure ${report.procedure.stream}#${report.procedure.seq} ${report.procedure.ok ? "ok    " : "FAILED"} ${marks(report.procedure.checks)}`);
    for (const r of report.reads) console.log(`  read ${r.at} ${r.ok ? "ok    " : "FAILED"} ${marks(r.checks)}`);
    for (const p of report.problems) console.log(`  problem: ${p}`);
    console.log(report.ok ? "RESULT: verified" : `RESULT: FAILED - ${report.firstFailure}`);
  }
  return report.ok ? 0 : 1;
}
