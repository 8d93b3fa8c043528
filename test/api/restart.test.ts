// Data survives a restart: the real server process (`npm start` without DATABASE_URL, so PGlite
// under DATA_DIR) is stopped with SIGTERM and started again on the same directory.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { birthDeclaration, birthDocuments } from "../support/server.js";
import { BIRTH_VERSION } from "../support/birth.js";
import { START_TIMEOUT_MS, call, startServerProcess, stopAll, type Running } from "../support/process.js";
import { DEMO_PASSWORD } from "../../server/seed.js";

describe("restart of the real server process", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "motcua-restart-"));
  const running: Running[] = [];

  afterAll(async () => {
    await stopAll(running);
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  let caseId = "";
  let caseVersion = 0;
  let auditHead = "";

  beforeAll(async () => {
    const first = await startServerProcess({ DATA_DIR: dataDir });
    running.push(first);
  }, START_TIMEOUT_MS + 10_000);

  it("creates and advances a case on the first run", async () => {
    const { base } = running[0]!;
    expect((await call(base, "GET", "/health")).body).toMatchObject({ status: "ok", database: "pglite", calendar: { calendar: "VN" } });
    const login = await call(base, "POST", "/auth/login", undefined, { username: "tiepnhan", password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    const created = await call(base, "POST", "/cases", login.body.token, { procedureId: "civil-status.birth-registration", data: birthDeclaration(), documents: birthDocuments(), confirmDuplicate: true });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    caseId = created.body.case.id;
    const accepted = await call(base, "POST", `/cases/${caseId}/actions`, login.body.token, { action: "accept", expectedVersion: 1 });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    caseVersion = accepted.body.case.version;
    auditHead = accepted.body.case.auditHead;
  }, 30_000);

  it("stops cleanly on SIGTERM", async () => {
    const first = running[0]!;
    // As `kill PID` does: to the process we started (tsx), which passes the signal on to the server.
    first.child.kill("SIGTERM");
    const exit = await Promise.race([first.exited, new Promise<"timeout">((res) => setTimeout(() => res("timeout"), 15_000))]);
    expect(exit, first.output()).toEqual({ code: 0, signal: null });
  }, 20_000);

  it("still has the case, its state and its history after starting again on the same DATA_DIR", async () => {
    const second = await startServerProcess({ DATA_DIR: dataDir });
    running.push(second);
    const login = await call(second.base, "POST", "/auth/login", undefined, { username: "tiepnhan", password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    const got = await call(second.base, "GET", `/cases/${caseId}`, login.body.token);
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    expect(got.body.case).toMatchObject({ id: caseId, state: "verification", version: caseVersion, auditHead });
    const history = await call(second.base, "GET", `/cases/${caseId}/history`, login.body.token);
    expect(history.body.entries.map((e: { action: string }) => e.action)).toEqual(["intake", "accept"]);
    // The catalog was not published twice, and the demo officials were not seeded twice.
    const procs = await call(second.base, "GET", "/procedures", login.body.token);
    const birth = procs.body.items.filter((p: { id: string }) => p.id === "civil-status.birth-registration");
    expect(birth).toHaveLength(1);
    expect(birth[0].version).toBe(BIRTH_VERSION);
    // And the case goes on from where it stopped.
    const hotich = await call(second.base, "POST", "/auth/login", undefined, { username: "hotich", password: DEMO_PASSWORD });
    const recorded = await call(second.base, "POST", `/cases/${caseId}/actions`, hotich.body.token, { action: "record", expectedVersion: caseVersion, data: { book: "01/2026", entryNumber: "9" } });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
  }, START_TIMEOUT_MS + 20_000);
});
