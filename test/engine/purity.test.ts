// The engine stays pure (STYLE.md #3): no Node built-ins, no database, no HTTP, no server code,
// no wall clock and no random ids. Time, ids and trust come in as arguments.
import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../../engine/", import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

const FORBIDDEN_IMPORTS = /from\s+["'](node:[^"']+|fs|path|os|crypto|child_process|http|https|net|pg|@electric-sql\/pglite|express|pino|[^"']*\/server\/[^"']*)["']/;
const FORBIDDEN_CALLS = /Date\.now\(|new Date\(\)|Math\.random\(|randomUUID\(|process\.(env|hrtime)|setTimeout\(|setInterval\(/;

describe("engine purity", () => {
  const all = files(root);
  it("scans the engine", () => expect(all.length).toBeGreaterThan(20));
  for (const f of all) {
    it(f.slice(root.length), () => {
      const code = readFileSync(f, "utf8").replace(/\/\/.*$/gm, "").replace(/\/\*[\s\S]*?\*\//g, "");
      expect(code).not.toMatch(FORBIDDEN_IMPORTS);
      expect(code).not.toMatch(FORBIDDEN_CALLS);
    });
  }
});
