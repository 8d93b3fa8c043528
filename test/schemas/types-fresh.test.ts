// Generated types are committed; this fails when a schema changed and `npm run gen:types` was not run.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { GENERATED, generate } from "../../schemas/generate-types.js";

describe("generated types", () => {
  for (const { schema, out } of GENERATED) {
    it(`schemas/generated/${out} matches schemas/${schema}`, async () => {
      const committed = readFileSync(new URL(`../../schemas/generated/${out}`, import.meta.url), "utf8");
      expect(committed, "run `npm run gen:types` and commit the result").toBe(await generate(schema));
    });
  }
});
