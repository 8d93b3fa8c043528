// Procedure lint: one fixture file per diagnostic code (test/fixtures/lint/<code>.json), each a
// small procedure that is valid apart from exactly that mistake; the catalog lints clean; the
// CLI reports `code at pointer` with line numbers and exits 1 on errors only.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lintProcedure, lintProcedureText } from "../../engine/procedure/lint.js";
import type { Severity } from "../../engine/diagnostics.js";
import { catalogFiles, readJson } from "../support/engine.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = "test/fixtures/lint";

interface Expected {
  /** Fixture file name without .json; defaults to the code. */
  file?: string;
  code: string;
  pointer: string;
  severity: Severity;
  /** Further codes the one mistake unavoidably produces (ajv reports every oneOf branch). */
  also?: string[];
}

const E = (code: string, pointer: string, extra: Partial<Expected> = {}): Expected => ({ code, pointer, severity: "error", ...extra });
const W = (code: string, pointer: string, extra: Partial<Expected> = {}): Expected => ({ code, pointer, severity: "warning", ...extra });

const TABLE: Expected[] = [
  // the format (ajv), reported with the schema keyword
  E("schema.required", "/states/received/title"),
  E("schema.additionalProperties", "/actions/0"),
  E("schema.type", "/version"),
  E("schema.enum", "/level"),
  E("schema.pattern", "/id"),
  E("schema.minItems", "/legalBasis"),
  E("schema.oneOf", "/deadline", { also: ["schema.additionalProperties", "schema.const"] }),
  // required members with a domain meaning of their own
  E("deadline.missing", "/deadline"),
  E("archive.missing", "/archive"),
  E("form.missing", "/form"),
  // the text: a repeated member that JSON.parse would drop silently
  E("json.duplicate-key", "/states/received/owner"),
  // references
  E("role.unknown", "/intake/roles/1"),
  E("role.duplicate", "/roles/2/id"),
  E("guard.unknown", "/actions/0/guard"),
  E("guard.params-invalid", "/actions/0/guard/params/value"),
  E("guard.params-invalid", "/actions/0/guard/params", { file: "guard.params-invalid.no-params" }),
  E("guard.field-unknown", "/actions/0/guard/params/pointer"),
  E("expression.invalid", "/actions/0/guard/params/expression"),
  E("expression.field-unknown", "/actions/0/guard/params/expression"),
  E("expression.name-unknown", "/actions/0/guard/params/expression"),
  E("required-when.field-unknown", "/form/requiredWhen/0/fields/0"),
  E("document.unknown", "/actions/0/guard/params/ids/1", { file: "document.unknown.guard-params" }),
  E("register.field-unknown", "/actions/2/register/book"),
  E("public-fact.field-unknown", "/actions/1/signature/publicFacts/1/pointer"),
  E("public-fact.duplicate", "/actions/1/signature/publicFacts/1/id"),
  E("state.unknown", "/actions/2/from/1"),
  E("state.outcome-missing", "/states/closed"),
  E("state.owner-missing", "/states/received"),
  E("action.duplicate", "/actions/3"),
  E("action.rounds-mismatch", "/actions/3"),
  E("extension.exceeds-cap", "/states/signing/extension/workingDays"),
  E("extension.on-final", "/states/refused/extension"),
  E("action.from-final", "/actions/2/from/1"),
  E("document.unknown", "/actions/0/documents/0"),
  E("form.invalid-schema", "/form/schema/properties/name/type"),
  E("signature.role-not-allowed", "/actions/1/signature/role", { also: ["signature.role-never-signs"] }),
  E("signature.role-never-signs", "/actions/1/roles/1"),
  E("signature.signer-missing", "/actions/1/signature"),
  E("timeout.action-unavailable", "/states/awaiting-papers/timeout/action"),
  E("unit-task.answer-unavailable", "/states/verifying/unitTask/answers/0"),
  E("unit-task.field-unknown", "/states/verifying/unitTask/shows/data/1"),
  E("linked.field-unknown", "/linked/parts/0/map/1/from"),
  E("linked.gate-unknown", "/linked/gate/0"),
  E("duplicates.field-unknown", "/intake/duplicates/fields/1"),
  // the graph
  E("state.unreachable", "/states/review"),
  E("state.dead-end", "/states/parked"),
  E("final.unreachable", "/states"),
  E("signature.skippable", "/actions/1/signature"),
  // regression: the same action id declared signed from one state and unsigned from another
  E("signature.skippable", "/actions/2/signature", { file: "signature.skippable.same-action-id" }),
  W("signature.checkpoint-unsigned", "/states/countersigning"),
  W("signature.none-required", "/actions"),
];

const fixturePath = (name: string) => `${FIXTURES}/${name}.json`;
// The text, as the CLI and `npm start` read it: a repeated key is only visible before parsing.
const lintFixture = (name: string) => lintProcedureText(readFileSync(join(ROOT, fixturePath(name)), "utf8"));

describe("lint fixtures: one per diagnostic code", () => {
  it("the base the fixtures derive from lints clean", () => {
    expect(lintFixture("valid")).toEqual([]);
  });

  it.each(TABLE.map((t) => [t.file ?? t.code, t] as const))("%s", (file, t) => {
    const diagnostics = lintFixture(file);
    expect(diagnostics).toContainEqual(expect.objectContaining({ code: t.code, pointer: t.pointer, severity: t.severity }));
    // Exactly that mistake: nothing else is reported.
    const allowed = new Set([t.code, ...(t.also ?? [])]);
    expect(diagnostics.filter((d) => !allowed.has(d.code))).toEqual([]);
    for (const d of diagnostics) expect(d.message.length).toBeGreaterThan(0);
  });

  it("every fixture file is in the table, and every code the lint can emit has a fixture", () => {
    const files = readdirSync(new URL(`../../${FIXTURES}/`, import.meta.url)).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5));
    expect(new Set(files)).toEqual(new Set(["valid", ...TABLE.map((t) => t.file ?? t.code)]));
    // Codes written literally in the lint's source: a new code without a fixture fails here.
    const source = ["engine/procedure/lint.ts", "engine/procedure/lint-graph.ts", "engine/procedure/lint-guards.ts", "engine/procedure/duplicate-keys.ts", "engine/procedure/lint-unit-task.ts", "engine/procedure/lint-linked.ts", "engine/procedure/lint-duplicates.ts"].map((f) => readFileSync(join(ROOT, f), "utf8")).join("\n");
    const emitted = new Set([...source.matchAll(/"((?:deadline|archive|form|role|guard|state|final|action|document|signature|timeout|json|register|unit-task|linked|duplicates)\.[a-z-]+)"/g)].map((m) => m[1]!));
    expect(emitted.size).toBeGreaterThanOrEqual(20);
    const covered = new Set(TABLE.map((t) => t.code));
    expect([...emitted].filter((c) => !covered.has(c))).toEqual([]);
  });
});

describe("guard params", () => {
  const withGuard = (guard: unknown) => {
    const doc = readJson(fixturePath("valid")) as { form: { schema: Record<string, unknown> }; actions: Array<Record<string, unknown>> };
    doc.form.schema = {
      type: "object",
      $defs: { person: { type: "object", properties: { fullName: { type: "string" } } } },
      properties: { name: { type: "string" }, mother: { $ref: "#/$defs/person" }, children: { type: "array", items: { $ref: "#/$defs/person" } } },
      allOf: [{ if: { properties: { name: { const: "x" } } }, then: { properties: { reason: { type: "string" } } } }],
    };
    doc.actions[0]!.guard = guard;
    return lintProcedure(doc);
  };

  it.each(["/name", "/mother/fullName", "/children/0/fullName", "/reason"])("accepts a field the form declares: %s", (ptr) => {
    expect(withGuard({ type: "fieldPresent", params: { pointer: ptr } })).toEqual([]);
    expect(withGuard({ type: "fieldEquals", params: { pointer: ptr, value: "x" } })).toEqual([]);
  });

  it.each(["/mother/fullname", "/children/first/fullName", "/name/first"])("refuses a field the form does not declare: %s", (ptr) => {
    expect(withGuard({ type: "fieldPresent", params: { pointer: ptr } })).toEqual([expect.objectContaining({ code: "guard.field-unknown", pointer: "/actions/0/guard/params/pointer" })]);
  });

  it("refuses a guard that needs params given none, naming the missing member", () => {
    expect(withGuard("documentsPresent")).toEqual([expect.objectContaining({ code: "guard.params-invalid", pointer: "/actions/0/guard/params/ids" })]);
    expect(withGuard({ type: "fieldPresent", params: { pointer: "name" } })).toEqual([expect.objectContaining({ code: "guard.params-invalid", pointer: "/actions/0/guard/params/pointer" })]);
  });
});

describe("the catalog lints clean", () => {
  it("ships the commune civil-status procedures, two interconnected groups and the other agencies' linked procedures", () => {
    expect(catalogFiles().sort()).toEqual(
      [
        "civil-status.birth-registration",
        "civil-status.birth-registration-linked",
        "civil-status.copy-certification",
        "civil-status.death-registration",
        "civil-status.death-registration-linked",
        "civil-status.extract-copy",
        "civil-status.marital-status-confirmation",
        "civil-status.marriage-registration",
        "police.permanent-residence-registration",
        "police.permanent-residence-removal",
        "social-insurance.child-health-insurance-card",
        "social-insurance.funeral-allowance",
      ].map((p) => `procedures/${p}.json`).sort(),
    );
  });

  it.each(catalogFiles())("%s: zero errors, zero warnings", (file) => {
    expect(lintProcedureText(readFileSync(join(ROOT, file), "utf8"))).toEqual([]);
  });
});

describe("motcua lint (CLI)", () => {
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, ["server/cli/motcua.js", "lint", ...args], { cwd: ROOT, encoding: "utf8" });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it("exits 1 on a fixture with an error and prints `code at pointer` with file:line:column", () => {
    const r = cli(fixturePath("role.unknown"));
    expect(r.code).toBe(1);
    const line = readFileSync(join(ROOT, fixturePath("role.unknown")), "utf8").split("\n").findIndex((l) => l.includes('"intake"')) + 1;
    expect(r.out).toMatch(new RegExp(`role\\.unknown\\.json:${line}:\\d+: error role\\.unknown at /intake/roles/1: `));
    expect(r.out).toContain("1 file(s), 1 error(s)");
  });

  it("reports a repeated key at the line of the repeat, which JSON.parse alone would drop", () => {
    const r = cli(fixturePath("json.duplicate-key"));
    expect(r.code).toBe(1);
    const line = readFileSync(join(ROOT, fixturePath("json.duplicate-key")), "utf8").split("\n").findIndex((l) => l.includes('"owner": "signer"')) + 1;
    expect(r.out).toContain(`error json.duplicate-key at /states/received/owner: 'owner' appears twice in the same object (line ${line})`);
  });

  it("exits 0 on the catalog", () => {
    const r = cli(...catalogFiles());
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain(`${catalogFiles().length} file(s), 0 error(s)`);
  });

  it("exits 0 when there are only warnings, and still prints them", () => {
    const r = cli(fixturePath("signature.none-required"));
    expect(r.code).toBe(0);
    expect(r.out).toContain("warning signature.none-required at /actions");
  });

  it("--json parses and carries line and column for each diagnostic", () => {
    const r = cli("--json", fixturePath("state.unreachable"), fixturePath("valid"));
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { errors: number; files: Array<{ file: string; diagnostics: Array<{ code: string; pointer: string; severity: string; line?: number; column?: number }> }> };
    expect(report.errors).toBe(1);
    const [bad, good] = report.files;
    expect(good!.diagnostics).toEqual([]);
    const text = readFileSync(join(ROOT, fixturePath("state.unreachable")), "utf8").split("\n");
    const line = text.findIndex((l) => l.includes('"review": {')) + 1;
    expect(bad!.diagnostics).toEqual([expect.objectContaining({ code: "state.unreachable", pointer: "/states/review", severity: "error", line, column: text[line - 1]!.indexOf('"review"') + 1 })]);
  });

  it("reports a file that is not JSON, and exits 2 without files", () => {
    const dir = mkdtempSync(join(tmpdir(), "motcua-lint-"));
    const broken = join(dir, "broken.json");
    writeFileSync(broken, '{ "id": "civil-status.broken", ');
    const r = cli(broken);
    expect(r.code).toBe(1);
    expect(r.out).toContain("error file.invalid-json at /");
    expect(cli().code).toBe(2);
  });
});
