// The citizen a dossier is for (người nộp hồ sơ): who is told of its progress, and whose "my
// dossiers" list it belongs to. Optional at intake (a counter dossier may name the citizen only in
// its form); once given it is a member of the case, so the hash chain covers it like the dossier.
import { MotcuaError, type FieldError } from "./errors.js";

export type NoticeChannel = "email" | "sms" | "zalo";
export type NoticeLanguage = "vi" | "en";

export interface Applicant {
  /** Số định danh cá nhân: the 12-digit personal identification number (CCCD). */
  personalId: string;
  fullName: string;
  /** Digits only, as the citizen's carrier knows it: 0xxxxxxxxx or +84xxxxxxxxx. */
  phone?: string;
  email?: string;
  preferredChannel?: NoticeChannel;
  language?: NoticeLanguage;
}

const KEYS = new Set(["personalId", "fullName", "phone", "email", "preferredChannel", "language"]);
const CHANNELS: NoticeChannel[] = ["email", "sms", "zalo"];
const LANGUAGES: NoticeLanguage[] = ["vi", "en"];
// Deliberately plain: one @, no spaces, a dot in the domain. The mail server is the real judge.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;
const PHONE = /^(?:0|\+84)\d{9,10}$/;

/** The applicant as stored, or undefined when none was given; every problem at once, each naming its field. */
export function checkApplicant(value: unknown, at = "/applicant"): Applicant | undefined {
  if (value === undefined || value === null) return undefined;
  const errors: FieldError[] = [];
  const fail = (field: string, rule: string, message: string) => errors.push({ pointer: field ? `${at}/${field}` : at, rule, message });
  if (typeof value !== "object" || Array.isArray(value)) {
    fail("", "type", "must be an object");
    throw invalid(errors);
  }
  const v = value as Record<string, unknown>;
  for (const k of Object.keys(v)) if (!KEYS.has(k)) fail(k.replace(/~/g, "~0").replace(/\//g, "~1"), "additionalProperties", "is not a member of an applicant");
  const out: Partial<Applicant> = {};
  if (typeof v.personalId !== "string" || !/^\d{12}$/.test(v.personalId)) fail("personalId", "pattern", "must be the 12 digits of the personal identification number");
  else out.personalId = v.personalId;
  const name = typeof v.fullName === "string" ? v.fullName.normalize("NFC").trim().replace(/\s+/g, " ") : "";
  if (name.length === 0 || name.length > 200) fail("fullName", "minLength", "must be the citizen's full name (1-200 characters)");
  else out.fullName = name;
  if (v.phone !== undefined) {
    // Spaces, dots and dashes are how people write numbers; the gateway wants the digits.
    const phone = typeof v.phone === "string" ? v.phone.replace(/[\s.-]/g, "") : "";
    if (!PHONE.test(phone)) fail("phone", "pattern", "must be a Vietnamese phone number (0xxxxxxxxx or +84xxxxxxxxx)");
    else out.phone = phone;
  }
  if (v.email !== undefined) {
    const email = typeof v.email === "string" ? v.email.trim() : "";
    if (email.length > 254 || !EMAIL.test(email)) fail("email", "format", "must be an email address");
    else out.email = email;
  }
  if (v.preferredChannel !== undefined) {
    if (!CHANNELS.includes(v.preferredChannel as NoticeChannel)) fail("preferredChannel", "enum", `must be one of ${CHANNELS.join(", ")}`);
    else {
      out.preferredChannel = v.preferredChannel as NoticeChannel;
      // A channel the citizen cannot be reached on would make every notice fail later, out of sight.
      const needs = out.preferredChannel === "email" ? "email" : "phone";
      if (v[needs] === undefined) fail(needs, "required", `is needed to send notices by ${out.preferredChannel}`);
    }
  }
  if (v.language !== undefined) {
    if (!LANGUAGES.includes(v.language as NoticeLanguage)) fail("language", "enum", `must be one of ${LANGUAGES.join(", ")}`);
    else out.language = v.language as NoticeLanguage;
  }
  if (errors.length > 0) throw invalid(errors);
  return out as Applicant;
}

function invalid(errors: FieldError[]): MotcuaError {
  return new MotcuaError("data.invalid", "invalid applicant", { errors });
}
