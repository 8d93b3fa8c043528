// Test helpers for driving the pure engine: load catalog procedures, make actors, walk paths.
import { readFileSync, readdirSync } from "node:fs";
import { webcrypto } from "node:crypto";
import { compileProcedure, type CompiledProcedure } from "../../engine/compile.js";
import { openCase, type IntakeInput } from "../../engine/intake.js";
import { applyAction, type ActionRequest, type ApplyContext } from "../../engine/apply.js";
import type { Actor, CaseState, AuditEntry } from "../../engine/case.js";
import type { WorkingCalendar } from "../../engine/calendar.js";

const root = new URL("../../", import.meta.url);

export function readJson(rel: string): unknown {
  return JSON.parse(readFileSync(new URL(rel, root), "utf8"));
}

export function catalogFiles(): string[] {
  return readdirSync(new URL("procedures/", root)).filter((f) => f.endsWith(".json")).map((f) => `procedures/${f}`);
}

export function loadProcedure(id: string): CompiledProcedure {
  return compileProcedure(readJson(`procedures/${id}.json`));
}

export function calendar(): WorkingCalendar {
  return readJson("procedures/calendars/VN.json") as WorkingCalendar;
}

export const UNIT = "xa-tan-phu";
export const OTHER_UNIT = "xa-binh-an";
export const PROVINCE = "79";

export function actor(id: string, roles: string[], unit = UNIT, certificates: string[] = []): Actor {
  return { id, roles, unit, province: PROVINCE, certificates };
}

/** A commune's staff, each with one role, as in a real one-stop center. */
export const staff = {
  reception: actor("le.tiep-nhan", ["reception"]),
  civilStatus: actor("tran.ho-tich", ["civil-status"]),
  signer: actor("nguyen.chu-tich", ["signer"]),
  archivist: actor("pham.luu-tru", ["archivist"]),
  system: actor("system", ["system"]),
};

/** A birth declaration as a reception officer types it, for engine tests of the birth procedure. */
export const BIRTH_DECLARATION = {
  child: { fullName: "Lê Văn Bình", sex: "nam", dateOfBirth: "2026-02-01", placeOfBirth: "Trạm y tế xã", ethnicity: "Kinh", nationality: "Việt Nam", homeTown: "Huế" },
  mother: { fullName: "Lê Thị Hoa", dateOfBirth: "1998-01-01", ethnicity: "Kinh", nationality: "Việt Nam", residence: "Xã Tân Phú", personalId: "046198000001" },
  declarant: { fullName: "Lê Thị Hoa", personalId: "046198000001", relationship: "me" },
  copies: 1,
};

export function doc(id: string, n = 1): { id: string; name: string; sha256: string } {
  return { id, name: `${id}.pdf`, sha256: n.toString(16).padStart(64, "0") };
}

export interface Walker {
  cp: CompiledProcedure;
  case: CaseState;
  entries: AuditEntry[];
  now: string;
  ctx(): ApplyContext;
}

/** Opens a case at `now` (ISO) with the given data and documents; throws if intake is refused. */
export function open(cp: CompiledProcedure, data: unknown, documents: unknown[], now = "2026-03-02T02:00:00.000Z", input: Partial<IntakeInput> = {}): Walker {
  const r = openCase(cp, { id: "case-1", code: "HS-0001", unit: UNIT, province: PROVINCE, channel: "counter", data, documents, ...input }, staff.reception, { now, calendar: calendar() });
  if (!r.ok) throw r.error;
  const w: Walker = { cp, case: r.case, entries: [r.entry], now, ctx: () => ({ now: w.now, calendar: calendar(), crypto: webcrypto as unknown as Crypto }) };
  return w;
}

/** Applies an action; throws the typed error when refused so a happy path reads as a list of steps. */
export async function act(w: Walker, who: Actor, req: ActionRequest, ctx: Partial<ApplyContext> = {}): Promise<Walker> {
  const r = await applyAction(w.cp, w.case, req, who, { ...w.ctx(), ...ctx });
  if (!r.ok) throw r.error;
  w.case = r.case;
  w.entries.push(r.entry);
  return w;
}

/** Applies an action expecting a refusal; returns the error code. */
export async function refused(w: Walker, who: Actor, req: ActionRequest, ctx: Partial<ApplyContext> = {}): Promise<string> {
  const r = await applyAction(w.cp, w.case, req, who, { ...w.ctx(), ...ctx });
  if (r.ok) throw new Error(`expected '${req.action}' to be refused`);
  return r.error.code;
}
