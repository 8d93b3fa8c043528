// Engine throughput: birth-registration steps applied per second (pure engine, no I/O), with and
// without the real signature verification at the checkpoint, and lint time for a generated catalog
// of 700 procedures (one province runs 718).
import { pathToFileURL } from "node:url";
import { lintProcedure } from "../engine/procedure/lint.js";
import { driver, read } from "./support/lifecycles.js";

export async function benchEngine(): Promise<Record<string, string | number>> {
  const d = await driver();
  const time = async (fn: () => Promise<number>, minMs = 2000) => {
    let actions = 0;
    const start = performance.now();
    while (performance.now() - start < minMs) actions += await fn();
    return actions / ((performance.now() - start) / 1000);
  };
  let i = 0;
  const steps = async (sign: boolean) => (await d.run(i++, sign)).entries.length;
  await time(() => steps(true), 300); // warm-up
  const unsigned = await time(() => steps(false));
  const signed = await time(() => steps(true));

  // 700 procedures: the catalog's six, renamed, repeated.
  const catalog = ["birth-registration", "death-registration", "marriage-registration", "marital-status-confirmation", "extract-copy", "copy-certification"].map((n) => read(`procedures/civil-status.${n}.json`));
  const generated = Array.from({ length: 700 }, (_, k) => ({ ...catalog[k % catalog.length], id: `province.p${k}.procedure` }));
  const t0 = performance.now();
  let errors = 0;
  for (const p of generated) errors += lintProcedure(p).filter((x) => x.severity === "error").length;
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
