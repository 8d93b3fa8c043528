// Loads procedures/*.json into the database at start: a changed file must carry a higher
// version, and is then published; unchanged files are a no-op.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Database } from "../db/database.js";
import type { LogKey } from "../audit/log-key.js";
import { publishProcedure, type PublishOutcome } from "./publish.js";

export async function loadCatalog(db: Database, key: LogKey, dir: string, at: string): Promise<PublishOutcome[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
  const out: PublishOutcome[] = [];
  for (const f of files) {
    const doc = JSON.parse(await readFile(join(dir, f), "utf8")) as unknown;
    try {
      out.push(await publishProcedure(db, key, doc, "catalog-loader", at));
    } catch (e) {
      throw new Error(`procedures/${f}: ${(e as Error).message}`, { cause: e });
    }
  }
  return out;
}
