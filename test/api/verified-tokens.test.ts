// The cache of verified local tokens must never keep a token alive past what jose would accept.
import { describe, it, expect } from "vitest";
import { VerifiedTokens } from "../../server/http/verified-tokens.js";

const rules = { maxTokenAge: 3600, clockTolerance: 60 };
const iat = 1_800_000_000;

describe("verified tokens", () => {
  it("answers a token seen before while it is within its lifetime", () => {
    const v = new VerifiedTokens();
    v.add("t", { sub: "o-1", iat, exp: iat + 3600 });
    expect(v.get("t", rules, iat + 10)?.sub).toBe("o-1");
    expect(v.get("other", rules, iat + 10)).toBeUndefined();
  });

  it("forgets a token once it expires, is too old, or is not yet valid", () => {
    const v = new VerifiedTokens();
    v.add("expired", { iat, exp: iat + 3600 });
    expect(v.get("expired", rules, iat + 3600 + 60)).toBeUndefined();
    v.add("old", { iat, exp: iat + 10 * 3600 });
    expect(v.get("old", rules, iat + 3600 + 61)).toBeUndefined();
    v.add("future", { iat: iat + 1000, exp: iat + 3600 });
    expect(v.get("future", rules, iat)).toBeUndefined();
    v.add("nbf", { iat, exp: iat + 3600, nbf: iat + 500 });
    expect(v.get("nbf", rules, iat)).toBeUndefined();
    v.add("no-exp", { iat });
    expect(v.get("no-exp", rules, iat)).toBeUndefined();
  });

  it("keeps at most its bound, forgetting the oldest first", () => {
    const v = new VerifiedTokens(2);
    for (const t of ["a", "b", "c"]) v.add(t, { iat, exp: iat + 3600 });
    expect(v.get("a", rules, iat)).toBeUndefined();
    expect(v.get("c", rules, iat)).toBeDefined();
  });
});
