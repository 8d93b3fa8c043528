// Every error code the server can answer has a sentence in both console languages, so a clerk
// never reads a raw code such as `assignment.not_holder` where a message belongs.
import { describe, it, expect } from "vitest";
import { ERROR_CODES } from "../../engine/errors.js";
import { vi } from "../../server/web/app/src/i18n/vi.js";
import { en } from "../../server/web/app/src/i18n/en.js";

describe("error messages in the console", () => {
  for (const [lang, dict] of [["vi", vi], ["en", en]] as const) {
    it(`has a ${lang} message for every error code`, () => {
      const missing = Object.keys(ERROR_CODES).filter((code) => !(`err.${code}` in dict));
      expect(missing).toEqual([]);
    });
  }
});
