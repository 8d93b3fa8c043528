// A province's administrator manages its officials: create (with a one-time initial password),
// rename or move within the province, deactivate with a reason and reactivate. Every change is a
// registry entry of the official's stream in the audit log, written in the change's transaction.
// Deactivation takes effect at once: every request checks that its token's official is active
// (server/http/auth.ts), and the official's open claims are released to their role queues, each
// as an audited step, so a supervisor sees them in the queue view.
import { randomInt } from "node:crypto";
import type { Database } from "../db/database.js";
import { MotcuaError, fieldError, fieldErrors, type FieldError } from "../../engine/errors.js";
import { collapsedText, statedReason } from "../../engine/text.js";
import { parseSheet } from "../csv-sheet.js";
import type { Principal } from "../http/auth.js";
import { hashPassword } from "../http/auth.js";
import { getOfficial, type Official } from "../store/officials.js";
import { getUnit } from "../store/units.js";
import { createOfficialRow, listOfficials, setOfficialActive, updateOfficialRow, type OfficialListItem } from "../store/official-admin.js";
import { appendRegistryEntry } from "../audit/registry.js";
import type { LogKey } from "../audit/log-key.js";
import type { SupervisionService } from "../supervision/service.js";

export interface OfficialAdminDeps {
  db: Database;
  logKey: LogKey;
  clock: () => string;
  supervision: SupervisionService;
}

const USERNAME = /^[a-z][a-z0-9._-]{2,39}$/;
const ROLE = /^[a-z][a-z0-9-]*$/;
const LIST_MAX = 200;
// Crockford base32 without I, L, O, U: read aloud and typed once, then changed.
const PASSWORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** 20 characters in groups of four (100 bits), handed to the new official once. */
function initialPassword(): string {
  let s = "";
  for (let i = 0; i < 20; i++) s += (i > 0 && i % 4 === 0 ? "-" : "") + PASSWORD_ALPHABET[randomInt(32)];
  return s;
}

interface NewOfficial {
  username: string;
  fullName: string;
  unit: string;
  roles: string[];
}

// Each new official costs a scrypt hash (about 50 ms on a core): 500 is a province's staff in seconds.
const SHEET = { required: ["username", "fullName", "unit", "roles"], maxRows: 500 };

const text = (v: unknown) => (typeof v === "string" ? collapsedText(v) : undefined);

export class OfficialAdmin {
  constructor(private readonly d: OfficialAdminDeps) {}

  async list(p: Principal, query: { q?: string; unit?: string; active?: boolean; limit?: number }): Promise<OfficialListItem[]> {
    return listOfficials(this.d.db, { province: p.province, ...query, limit: Math.min(query.limit ?? LIST_MAX, LIST_MAX) });
  }

  async create(p: Principal, body: Record<string, unknown>): Promise<{ official: Official; initialPassword: string }> {
    const errors: FieldError[] = [];
    const o = await this.checkNew(p, body, "", errors);
    if (!o) throw fieldErrors(errors);
    const [made] = await this.insertAll(p, [o]);
    return made!;
  }

  /**
   * Officials from a spreadsheet export (CSV with the header username,fullName,unit,roles; roles
   * separated by spaces; "," or ";" between fields, as Excel writes it in a Vietnamese locale).
   * All or nothing: every row is checked first, each problem named at /rows/<n>/<column> (n counts
   * data rows from 1, as the sheet shows them below its header); with one problem nothing is
   * created. A dry run answers the same report and creates nothing.
   */
  async import(p: Principal, body: Record<string, unknown>) {
    if (typeof body.csv !== "string") throw fieldError("/csv", "type", "the CSV text of the sheet");
    if (body.dryRun !== undefined && typeof body.dryRun !== "boolean") throw fieldError("/dryRun", "type", "true or false");
    const records = parseSheet(body.csv, SHEET);
    const errors: FieldError[] = [];
    const rows: Array<{ row: number; username: string; problems: FieldError[] }> = [];
    const valid: NewOfficial[] = [];
    const seen = new Set<string>();
    for (const [i, rec] of records.entries()) {
      const rowErrors: FieldError[] = [];
      const at = `/rows/${i + 1}`;
      const o = await this.checkNew(p, { ...rec, roles: (rec.roles ?? "").split(/[\s,;]+/).filter(Boolean) }, at, rowErrors);
      if (o && seen.has(o.username)) rowErrors.push({ pointer: `${at}/username`, rule: "unique", message: "appears twice in the sheet" });
      if (o && rowErrors.length === 0 && (await getOfficial(this.d.db, `o-${o.username}`))) rowErrors.push({ pointer: `${at}/username`, rule: "unique", message: "is taken" });
      if (o) seen.add(o.username);
      if (o && rowErrors.length === 0) valid.push(o);
      errors.push(...rowErrors);
      rows.push({ row: i + 1, username: rec.username ?? "", problems: rowErrors });
    }
    if (records.length === 0) errors.push({ pointer: "/csv", rule: "minItems", message: "no rows below the header" });
    if (body.dryRun === true) return { dryRun: true, ok: errors.length === 0, rows, created: [] };
    if (errors.length > 0) throw fieldErrors(errors, `${errors.length} problem(s) in the sheet; nothing was created`);
    const created = await this.insertAll(p, valid);
    return { dryRun: false, ok: true, rows, created };
  }
  async update(p: Principal, id: string, body: Record<string, unknown>): Promise<Official> {
    const o = await this.mine(p, id);
    const errors: FieldError[] = [];
    for (const k of Object.keys(body)) if (k !== "fullName" && k !== "unit") errors.push({ pointer: `/${k}`, rule: "additionalProperties", message: "only fullName and unit change here (roles: PUT /officials/{id}/roles)" });
    const fullName = body.fullName === undefined ? o.fullName : text(body.fullName);
    if (!fullName || fullName.length > 200) errors.push({ pointer: "/fullName", rule: "minLength", message: "a name of 1 to 200 characters" });
    const unit = body.unit === undefined ? o.unit : await this.unitInProvince(p, body.unit, errors);
    if (errors.length > 0) throw fieldErrors(errors);
    if (fullName === o.fullName && unit === o.unit) return o;
    const at = this.d.clock();
    await this.d.db.tx(async (q) => {
      await updateOfficialRow(q, o.id, fullName!, unit!);
      await appendRegistryEntry(q, this.d.logKey, {
        stream: `official:${o.id}`, province: o.province, at, actorId: p.id, action: "official.update",
        data: { from: { fullName: o.fullName, unit: o.unit }, to: { fullName, unit } },
      });
    });
    return (await getOfficial(this.d.db, o.id))!;
  }

  async deactivate(p: Principal, id: string, body: Record<string, unknown>) {
    const o = await this.mine(p, id);
    const reason = statedReason(body.reason);
    if (o.id === p.id) throw new MotcuaError("official.self", "an administrator cannot deactivate their own account");
    if (!o.active) throw new MotcuaError("official.inactive", `${o.id} is already deactivated`);
    const at = this.d.clock();
    await this.d.db.tx(async (q) => {
      await setOfficialActive(q, o.id, false, at, reason);
      await appendRegistryEntry(q, this.d.logKey, { stream: `official:${o.id}`, province: o.province, at, actorId: p.id, action: "official.deactivate", data: { reason } });
    });
    // After the commit: from here on their token is refused, so nothing new can be claimed meanwhile.
    const released = await this.d.supervision.releaseDeparted(o, reason, p);
    return { official: (await getOfficial(this.d.db, o.id))!, released: released.moved, notReleased: released.failed };
  }

  async reactivate(p: Principal, id: string): Promise<Official> {
    const o = await this.mine(p, id);
    if (o.active) throw new MotcuaError("official.active", `${o.id} is active`);
    const at = this.d.clock();
    await this.d.db.tx(async (q) => {
      await setOfficialActive(q, o.id, true, null, null);
      await appendRegistryEntry(q, this.d.logKey, { stream: `official:${o.id}`, province: o.province, at, actorId: p.id, action: "official.reactivate", data: {} });
    });
    return (await getOfficial(this.d.db, o.id))!;
  }

  /** The checked fields of a new official, or undefined with the problems pushed to errors. */
  private async checkNew(p: Principal, body: Record<string, unknown>, at: string, errors: FieldError[]): Promise<NewOfficial | undefined> {
    const mine: FieldError[] = [];
    const username = typeof body.username === "string" ? body.username.trim() : "";
    if (!USERNAME.test(username)) mine.push({ pointer: "/username", rule: "pattern", message: "3 to 40 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter" });
    const fullName = text(body.fullName);
    if (!fullName || fullName.length > 200) mine.push({ pointer: "/fullName", rule: "minLength", message: "a name of 1 to 200 characters" });
    const roles = this.roles(body.roles, mine);
    const unit = await this.unitInProvince(p, typeof body.unit === "string" ? body.unit.trim() : body.unit, mine);
    errors.push(...mine.map((e) => ({ ...e, pointer: `${at}${e.pointer}` })));
    return mine.length === 0 ? { username, fullName: fullName!, unit: unit!, roles: roles! } : undefined;
  }

  /** Creates the officials in one transaction, each with its registry entry. */
  private async insertAll(p: Principal, list: NewOfficial[]): Promise<Array<{ official: Official; initialPassword: string }>> {
    const at = this.d.clock();
    const made = list.map((o) => ({ ...o, id: `o-${o.username}`, password: initialPassword() }));
    const hashes = await Promise.all(made.map((o) => hashPassword(o.password)));
    await this.d.db.tx(async (q) => {
      for (const [i, o] of made.entries()) {
        if (!(await createOfficialRow(q, { id: o.id, username: o.username, passwordHash: hashes[i]!, fullName: o.fullName, unit: o.unit, roles: o.roles, at }))) {
          const pointer = list.length === 1 ? "/username" : `/rows/${i + 1}/username`;
          throw new MotcuaError("official.username_taken", `username '${o.username}' is taken`, { errors: [{ pointer, rule: "unique", message: "is taken" }] });
        }
        const data = { username: o.username, fullName: o.fullName, unit: o.unit, roles: o.roles };
        await appendRegistryEntry(q, this.d.logKey, { stream: `official:${o.id}`, province: p.province, at, actorId: p.id, action: "official.create", data });
      }
    });
    const out: Array<{ official: Official; initialPassword: string }> = [];
    for (const o of made) out.push({ official: (await getOfficial(this.d.db, o.id))!, initialPassword: o.password });
    return out;
  }

  /** An official of the administrator's province; any other is "not found". */
  private async mine(p: Principal, id: string): Promise<Official> {
    const o = await getOfficial(this.d.db, id);
    if (!o || o.province !== p.province) throw new MotcuaError("request.not_found", `no official '${id}'`);
    return o;
  }

  private roles(v: unknown, errors: FieldError[]): string[] | undefined {
    if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== "string" || !ROLE.test(x))) {
      errors.push({ pointer: "/roles", rule: "items", message: "a non-empty list of role ids" });
      return undefined;
    }
    return [...new Set(v as string[])].sort();
  }

  private async unitInProvince(p: Principal, v: unknown, errors: FieldError[]): Promise<string | undefined> {
    const u = typeof v === "string" ? await getUnit(this.d.db, v) : undefined;
    if (!u || u.province !== p.province) {
      errors.push({ pointer: "/unit", rule: "enum", message: `a unit of province ${p.province}` });
      return undefined;
    }
    if (u.successor) {
      errors.push({ pointer: "/unit", rule: "enum", message: `unit ${u.code} was merged into ${u.successor}` });
      return undefined;
    }
    return u.code;
  }
}
