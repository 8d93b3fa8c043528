// Regenerates TypeScript types from the JSON Schemas (npm run gen:types).
// The generated files are committed; test/schemas/types-fresh.test.ts fails when they are stale.
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { compile } from "json-schema-to-typescript";

const here = fileURLToPath(new URL(".", import.meta.url));

export const GENERATED = [
  { schema: "procedure.schema.json", out: "procedure.d.ts" },
  { schema: "calendar.schema.json", out: "calendar.d.ts" },
] as const;

export async function generate(schemaFile: string): Promise<string> {
  const schema = JSON.parse(await readFile(here + schemaFile, "utf8"));
  return compile(schema, schema.title ?? schemaFile, {
    bannerComment: `/* Generated from schemas/${schemaFile} by \`npm run gen:types\`. Do not edit. */`,
    additionalProperties: false,
    unreachableDefinitions: true,
    ignoreMinAndMaxItems: true,
    style: { singleQuote: false },
    cwd: here,
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const { schema, out } of GENERATED) {
    try {
      await writeFile(here + "generated/" + out, await generate(schema));
      console.log(`schemas/generated/${out}`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") console.warn(`skip ${schema}: not found`);
      else throw e;
    }
  }
}
