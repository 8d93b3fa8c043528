// Which errors mean "the database cannot be reached now" (503 with Retry-After, start-up waits)
// and which do not (a refused statement stays the error it is).
import { describe, it, expect } from "vitest";
import { isDatabaseUnavailable, untilAvailable } from "../../server/db/unavailable.js";

describe("database unavailable", () => {
  it("recognises broken links, timeouts and server shutdowns, also when wrapped with a cause", () => {
    for (const e of [
      { code: "ECONNRESET" },
      { code: "08006" },
      { code: "57014", message: "canceling statement due to statement timeout" },
      { code: "25P03", message: "terminating connection due to idle-in-transaction timeout" },
      new Error("Query read timeout"),
      new Error("timeout exceeded when trying to connect"),
      new Error("Connection terminated due to connection timeout"),
      new Error("procedures/x.json: Connection terminated due to connection timeout", { cause: new Error("Connection terminated unexpectedly") }),
    ]) {
      expect(isDatabaseUnavailable(e), JSON.stringify(e) + String(e)).toBe(true);
    }
    for (const e of [{ code: "23505" }, { code: "22021" }, new Error("procedures/x.json: lint errors"), null, "ECONNRESET"]) expect(isDatabaseUnavailable(e)).toBe(false);
  });

  it("repeats a start-up step while the database is unreachable, and not after another error", async () => {
    let calls = 0;
    const waits: number[] = [];
    const out = await untilAvailable(async () => {
      if (++calls < 3) throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
      return "migrated";
    }, (_e, attempt) => waits.push(attempt));
    expect(out).toBe("migrated");
    expect(waits).toEqual([1, 2]);
    await expect(untilAvailable(async () => { throw Object.assign(new Error("syntax"), { code: "42601" }); }, () => {})).rejects.toThrow("syntax");
  });
});
