// Loads procedures/*.json into the database at start: a changed file must carry a higher
// version, and is then published; unchanged files are a no-op.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Database } from "../db/database.js";
import type { LogKey } from "../audit/log-key.js";
import { duplicateKeys } from "../../engine/procedure/duplicate-keys.js";
import type { WorkingCalendar } from "../../engine/calendar.js";
import { readCalendar } from "../calendar-file.js";
import { publishProcedure, type PublishOutcome } from "./publish.js";

export async function loadCatalog(db: Database, key: LogKey, dir: string, at: string, cal: Pick<WorkingCalendar, "timeZone"> = readCalendar()): Promise<PublishOutcome[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
  const out: PublishOutcome[] = [];
  for (const f of files) {
    const text = await readFile(join(dir, f), "utf8");
    try {
      // JSON.parse would keep the last of two equal keys silently: refuse the file instead.
      const dup = duplicateKeys(text)[0];
      if (dup) throw new Error(`${dup.code} at ${dup.pointer}: ${dup.message}`);
      out.push(await publishProcedure(db, key, JSON.parse(text) as unknown, "catalog-loader", at, cal));
    } catch (e) {
      throw new Error(`procedures/${f}: ${(e as Error).message}`, { cause: e });
    }
  }
  return out;
}
