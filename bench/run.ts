// `npm run bench`: every benchmark in one run, printed as a table per area.
// The HTTP and statistics benches need the PostgreSQL server (BENCH_DATABASE_URL, default local).
import { benchEngine } from "./engine.js";
import { benchAudit } from "./audit.js";
import { benchMerkle } from "./merkle.js";
import { benchHttp } from "./http.js";
import { benchStatistics } from "./statistics.js";
import { benchReads } from "./reads.js";
import { benchSearch } from "./search.js";
import { benchPublicCheck } from "./public-check.js";
import { benchPaths } from "./paths.js";
import { benchCalendar } from "./calendar.js";
import { benchTamper } from "./tamper.js";
import { benchSlowClients } from "./slow-clients.js";

const only = process.argv.slice(2);
const areas: Array<[string, () => Promise<Record<string, string | number>>]> = [
  ["engine", benchEngine],
  ["calendar", benchCalendar],
  ["audit", () => benchAudit()],
  ["merkle", benchMerkle],
  ["http", benchHttp],
  ["statistics", benchStatistics],
  ["reads", benchReads],
  ["search", benchSearch],
  ["public", benchPublicCheck],
  ["tamper", benchTamper],
  ["paths", benchPaths],
  ["slow", benchSlowClients],
];

console.log(`motcua bench - node ${process.version}, ${new Date().toISOString()}`);
let failed = false;
for (const [name, run] of areas) {
  if (only.length && !only.includes(name)) continue;
  const t0 = performance.now();
  // Progress on stderr, so a long area (statistics generates a million cases) never looks hung.
  console.error(`-- ${name}: running…`);
  try {
    const figures = await run();
    console.log(`\n== ${name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    console.table(figures);
  } catch (e) {
    failed = true;
    console.error(`\n== ${name}: FAILED - ${(e as Error).message}`);
  }
}
process.exitCode = failed ? 1 : 0;
