// The console's pure helpers, run in Node: key order restored from jsonb, lint pointers mapped to
// text positions, the side-by-side diff, and recognising a pasted signature.
import { readFileSync } from "node:fs";
import { describe, it, expect } from "vitest";
import { parseTree } from "jsonc-parser";
import { orderProcedure, orderJsonSchema } from "../../server/web/app/src/lib/order.js";
import { locate } from "../../server/web/app/src/lib/lint.js";
import { diffRows } from "../../server/web/app/src/lib/diff.js";
import { parsePastedSignature, pemBlocks } from "../../server/web/app/src/lib/sign.js";
import { setAt } from "../../server/web/app/src/lib/pointer.js";
import { mergePatchBetween } from "../../server/web/app/src/lib/merge-patch.js";
import { qrModules, qrPath } from "../../server/web/app/src/lib/qr.js";
import { normalizeCode, normalizeDigest } from "../../server/web/app/src/lib/check-link.js";
import decodeQR from "qr/decode.js";
import type { Procedure } from "../../schemas/generated/procedure.js";

const birth = JSON.parse(readFileSync(new URL("../../procedures/civil-status.birth-registration.json", import.meta.url), "utf8")) as Procedure;

/** What PostgreSQL jsonb does to key order: shorter keys first, then bytewise. */
function jsonbOrder(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(jsonbOrder);
  if (!v || typeof v !== "object") return v;
  const keys = Object.keys(v).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, jsonbOrder((v as Record<string, unknown>)[k])]));
}

describe("order", () => {
  it("restores the file's reading order after a jsonb round trip", () => {
    const { $schema: _s, ...def } = birth;
    const back = orderProcedure(jsonbOrder(def) as Procedure);
    expect(Object.keys(back)).toEqual(Object.keys(def));
    expect(Object.keys(back.states)).toEqual(["received", "verification", "awaiting-supplement", "book-signing", "awaiting-signature", "result-ready", "returned", "archived", "refused", "withdrawn"]);
    const form = back.form.schema as { properties: Record<string, { properties?: object }> };
    // Required fields in their declared order; the optional father right after the mother.
    expect(Object.keys(form.properties)).toEqual(["child", "mother", "father", "declarant", "copies"]);
    expect(Object.keys(form.properties.child!.properties!)).toEqual(["fullName", "sex", "dateOfBirth", "placeOfBirth", "ethnicity", "nationality", "homeTown"]);
    expect(Object.keys(back.actions[0]!)).toEqual(["id", "title", "from", "to", "roles", "guard"]);
  });

  it("puts JSON Schema keywords in reading order", () => {
    expect(Object.keys(orderJsonSchema({ properties: {}, required: [], type: "object", title: "T" }) as object)).toEqual(["type", "title", "required", "properties"]);
  });
});

describe("lint positions", () => {
  const text = '{\n  "initial": "recieved",\n  "states": {\n    "a": { "kind": "task" }\n  }\n}';
  const root = parseTree(text)!;

  it("marks a member's key and value", () => {
    const r = locate(root, "/initial");
    expect(text.slice(r.from, r.to)).toBe('"initial": "recieved"');
  });

  it("marks only the key of a container, and the nearest existing member for a missing one", () => {
    const r = locate(root, "/states/a");
    expect(text.slice(r.from, r.to)).toBe('"a"');
    const missing = locate(root, "/states/a/owner");
    expect(text.slice(missing.from, missing.to)).toBe('"a"');
  });
});

describe("side-by-side diff", () => {
  it("pairs a changed line across the columns and folds far unchanged lines", () => {
    const a = Array.from({ length: 20 }, (_, i) => `line ${i}`).join("\n");
    const b = a.replace("line 10", "line ten");
    const rows = diffRows(a, b);
    expect(rows.filter((r) => r.kind === "mod")).toEqual([{ kind: "mod", left: { n: 11, text: "line 10" }, right: { n: 11, text: "line ten" } }]);
    expect(rows.filter((r) => r.kind === "fold").map((r) => r.folded)).toEqual([7, 6]);
  });

  it("keeps line numbers right across additions and removals", () => {
    const rows = diffRows("a\nb\nc", "a\nc\nd");
    expect(rows.map((r) => [r.kind, r.left?.n, r.right?.n])).toEqual([["same", 1, 1], ["del", 2, undefined], ["same", 3, 2], ["add", undefined, 3]]);
  });
});

describe("signatures pasted by the official", () => {
  it("accepts a detached JWS or the JSON `motcua sign` prints, nothing else", () => {
    expect(parsePastedSignature(" eyJhbGciOiJFUzI1NiJ9..c2ln ")).toEqual({ format: "jws", jws: "eyJhbGciOiJFUzI1NiJ9..c2ln" });
    const cli = { signature: { format: "raw", signature: "MEUC", certificate: "-----BEGIN CERTIFICATE-----" }, signedPayload: "{}" };
    expect(parsePastedSignature(JSON.stringify(cli))).toEqual(cli.signature);
    expect(parsePastedSignature("not a signature")).toBeUndefined();
    expect(parsePastedSignature('{"signature":{"format":"raw"}}')).toBeUndefined();
  });

  it("reads PEM blocks by label", () => {
    const blocks = pemBlocks("-----BEGIN PRIVATE KEY-----\nAAEC\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nAwQF\n-----END CERTIFICATE-----");
    expect(blocks.map((b) => [b.label, [...b.der]])).toEqual([["PRIVATE KEY", [0, 1, 2]], ["CERTIFICATE", [3, 4, 5]]]);
  });
});

describe("form values by pointer", () => {
  it("sets nested fields and removes array items without mutating", () => {
    const v = { a: { b: 1 }, list: [{ x: 1 }, { x: 2 }] };
    expect(setAt(v, "/a/c", 2)).toEqual({ a: { b: 1, c: 2 }, list: v.list });
    expect(setAt(v, "/list/0", undefined)).toEqual({ a: { b: 1 }, list: [{ x: 2 }] });
    expect(v).toEqual({ a: { b: 1 }, list: [{ x: 1 }, { x: 2 }] });
  });
});

describe("supplement as a merge patch", () => {
  it("sends what changed, and null for what was removed", () => {
    const before = { child: { fullName: "An", sex: "nam" }, father: { fullName: "B" }, copies: 1 };
    const after = { child: { fullName: "Minh An", sex: "nam" }, copies: 1, note: "x" };
    expect(mergePatchBetween(before, after)).toEqual({ father: null, child: { fullName: "Minh An" }, note: "x" });
    expect(mergePatchBetween(before, before)).toEqual({});
  });
});

describe("console dictionaries", () => {
  it("word every finding the audit verifier can report, in Vietnamese and English", async () => {
    const { vi } = await import("../../server/web/app/src/i18n/vi.js");
    const { en } = await import("../../server/web/app/src/i18n/en.js");
    const { readdirSync } = await import("node:fs");
    // Every verifier: the bundle's (engine/audit/*) and the whole log's.
    const audit = new URL("../../engine/audit/", import.meta.url);
    const files = [...readdirSync(audit).map((f) => new URL(f, audit)), new URL("../../server/audit/verify-log.ts", import.meta.url)];
    const source = files.map((f) => readFileSync(f, "utf8")).join("\n");
    const reasons = new Set([...source.matchAll(/reason: "([a-z-]+\.[a-z-]+)"|(?:passed|failed)\("[a-z]+", "([a-z-]+\.[a-z-]+)"|"(case\.[a-z-]+)"|"(signature\.ok[a-z-]*)"/g)].map((m) => (m[1] ?? m[2] ?? m[3] ?? m[4])!));
    expect(reasons.size).toBeGreaterThanOrEqual(60);
    const missing = [...reasons].flatMap((r) => [vi, en].filter((d) => !(`verify.${r}` in d)).map((d) => `${d === vi ? "vi" : "en"}: verify.${r}`));
    expect(missing).toEqual([]);
  });
});

describe("console dictionaries for the public check", () => {
  it("word every problem GET /public/results answers with a code of its own, in Vietnamese and English", async () => {
    const { vi } = await import("../../server/web/app/src/i18n/vi.js");
    const { en } = await import("../../server/web/app/src/i18n/en.js");
    const source = readFileSync(new URL("../../server/http/routes/public-results.ts", import.meta.url), "utf8");
    // request.invalid is shown at the digest field (public.digestInvalid), not as a general error.
    const codes = new Set([...source.matchAll(/MotcuaError\("([a-z_]+\.[a-z_]+)"/g)].map((m) => m[1]!).filter((c) => c !== "request.invalid"));
    expect([...codes]).toContain("result.not_found");
    const missing = [...codes].flatMap((c) => [vi, en].filter((d) => !(`err.${c}` in d)).map((d) => `${d === vi ? "vi" : "en"}: err.${c}`));
    expect(missing).toEqual([]);
    expect(en["err.result.not_found"]).toBe("No signed result has this code and digest. Check both against the paper.");
  });
});

describe("console dictionaries for moving cases to a newer version", () => {
  it("word every problem POST /procedures/:id/migrate answers and every reason a case stays, in Vietnamese and English", async () => {
    const { vi } = await import("../../server/web/app/src/i18n/vi.js");
    const { en } = await import("../../server/web/app/src/i18n/en.js");
    const { makeI18n } = await import("../../server/web/app/src/i18n/index.js");
    const codesIn = (file: string) => [...readFileSync(new URL(file, import.meta.url), "utf8").matchAll(/MotcuaError\("([a-z_]+\.[a-z_]+)"/g)].map((m) => m[1]!);
    // request.invalid is shown at the version and reason fields (migrate.versionInvalid, migrate.reasonInvalid).
    const codes = new Set([...codesIn("../../server/catalog/migrate-cases.ts"), ...codesIn("../../engine/version-migration.ts")].filter((c) => c !== "request.invalid"));
    expect([...codes]).toEqual(expect.arrayContaining(["procedure.not_in_force", "migration.invalid", "migration.state_missing", "migration.data_invalid"]));
    const missing = [...codes].flatMap((c) => [vi, en].filter((d) => !(`err.${c}` in d)).map((d) => `${d === vi ? "vi" : "en"}: err.${c}`));
    expect(missing).toEqual([]);
    // The two reasons a case stays are worded in the list with the versions and the step.
    const params = { from: 1, to: 2, state: "Chờ ký" };
    expect(makeI18n("vi").phrase("migrate.blocked.migration.state_missing", params)).toBe("Phiên bản 2 không có bước «Chờ ký» để giải quyết tiếp: hồ sơ giải quyết tiếp theo phiên bản 1.");
    for (const lang of ["vi", "en"] as const) for (const r of ["migration.state_missing", "migration.data_invalid"]) expect(makeI18n(lang).phrase(`migrate.blocked.${r}`, params), `${lang} ${r}`).toBeDefined();
  });
});

describe("the check page's QR code and typed pairs", () => {
  it("draws every dark module, and a reader gets the check URL back", () => {
    const url = `https://motcua.example.gov.vn/app/#/check/HS-260302-7KQ2MX/${"0123456789abcdef".repeat(4)}`;
    const modules = qrModules(url);
    const n = modules.length;
    const drawn = modules.map((row) => row.map(() => false));
    for (const [, x, y, w] of qrPath(modules).matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) for (let i = 0; i < Number(w); i++) drawn[Number(y)]![Number(x) + i] = true;
    expect(drawn).toEqual(modules);
    // Rendered at 4 pixels a module, as a camera would see the printed code.
    const scale = 4;
    const size = n * scale;
    const data = new Uint8Array(size * size * 4);
    for (let py = 0; py < size; py++)
      for (let px = 0; px < size; px++) {
        const v = drawn[Math.floor(py / scale)]![Math.floor(px / scale)] ? 0 : 255;
        data.set([v, v, v, 255], (py * size + px) * 4);
      }
    expect(decodeQR({ width: size, height: size, data })).toBe(url);
  });

  it("reads a pair as typed from the paper: spaces dropped, the code in capitals, the digest in small letters", () => {
    expect(normalizeCode(" hs-260302-7kq2mx ")).toBe("HS-260302-7KQ2MX");
    expect(normalizeDigest("AB12 cd34\n EF56")).toBe("ab12cd34ef56");
  });
});

describe("lint diagnostics in the console's languages", () => {
  it("word every diagnostic the lint fixtures produce, with every value the wording needs", async () => {
    const { makeI18n } = await import("../../server/web/app/src/i18n/index.js");
    const { diagnosticText } = await import("../../server/web/app/src/lib/diagnostic-text.js");
    const { lintProcedureText } = await import("../../engine/procedure/lint.js");
    const { readdirSync } = await import("node:fs");
    const dir = new URL("../fixtures/lint/", import.meta.url);
    const diagnostics = readdirSync(dir).filter((f) => f.endsWith(".json")).flatMap((f) => lintProcedureText(readFileSync(new URL(f, dir), "utf8")));
    expect(new Set(diagnostics.map((d) => d.code)).size).toBeGreaterThanOrEqual(25);
    for (const lang of ["vi", "en"] as const) {
      const i18n = makeI18n(lang);
      const unworded = diagnostics.filter((d) => i18n.phrase(`lint.${d.code}`, d.params) === undefined).map((d) => `${lang}: ${d.code} ${JSON.stringify(d.params)}`);
      expect(unworded).toEqual([]);
    }
    const unknownRole = diagnostics.find((d) => d.code === "role.unknown")!;
    expect(diagnosticText(makeI18n("vi"), unknownRole)).toBe(`Vai trò '${unknownRole.params!.role}' chưa được khai báo trong roles`);
    // A code this console does not know keeps the server's English text.
    expect(diagnosticText(makeI18n("vi"), { code: "something.new", message: "as the server says" })).toBe("as the server says");
  });
});
