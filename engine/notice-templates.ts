// The default words of the citizen's notices, one template per event and language. A procedure may
// override any of them (its `notices` member). Placeholders: {name} the applicant's name, {code}
// the dossier code, {procedure} its title, {date} the appointment (dd/mm/yyyy, local), {missing}
// what the officer asked for, {reason} a refusal's or an apology's written reason. Never the
// personal ID: a notice says only what the citizen needs to act on it.
import type { NoticeLanguage } from "./applicant.js";

export const NOTICE_EVENTS = ["received", "needs-papers", "ready", "refused", "late"] as const;
export type NoticeEvent = (typeof NOTICE_EVENTS)[number];

export interface NoticeTemplate {
  /** Email only; SMS and Zalo send the text. */
  subject: string;
  text: string;
}

export const DEFAULT_NOTICE_TEMPLATES: Record<NoticeEvent, Record<NoticeLanguage, NoticeTemplate>> = {
  received: {
    vi: { subject: "Hồ sơ {code} đã được tiếp nhận", text: "Kính gửi {name}: hồ sơ {code} ({procedure}) đã được tiếp nhận. Ngày hẹn trả kết quả: {date}." },
    en: { subject: "Dossier {code} received", text: "Dear {name}: your dossier {code} ({procedure}) was received. Appointment for the result: {date}." },
  },
  "needs-papers": {
    vi: { subject: "Hồ sơ {code} cần bổ sung", text: "Kính gửi {name}: hồ sơ {code} cần bổ sung: {missing}. Thời hạn giải quyết tạm dừng đến khi nhận đủ giấy tờ." },
    en: { subject: "Dossier {code} needs more papers", text: "Dear {name}: your dossier {code} needs: {missing}. The time limit is paused until the papers arrive." },
  },
  ready: {
    vi: { subject: "Hồ sơ {code} đã có kết quả", text: "Kính gửi {name}: hồ sơ {code} ({procedure}) đã có kết quả. Mời ông/bà đến nhận kết quả, mang theo giấy tiếp nhận." },
    en: { subject: "Dossier {code}: the result is ready", text: "Dear {name}: the result of your dossier {code} ({procedure}) is ready. Please collect it, bringing the receipt." },
  },
  refused: {
    vi: { subject: "Hồ sơ {code} không được giải quyết", text: "Kính gửi {name}: hồ sơ {code} ({procedure}) không được giải quyết. Lý do: {reason}" },
    en: { subject: "Dossier {code} refused", text: "Dear {name}: your dossier {code} ({procedure}) was refused. Reason: {reason}" },
  },
  late: {
    vi: { subject: "Xin lỗi: hồ sơ {code} trễ hẹn", text: "Kính gửi {name}: chúng tôi xin lỗi vì hồ sơ {code} chưa giải quyết kịp hẹn. Lý do: {reason}. Ngày hẹn mới: {date}." },
    en: { subject: "We apologise: dossier {code} is late", text: "Dear {name}: we apologise that your dossier {code} was not ready on time. Reason: {reason}. New appointment: {date}." },
  },
};

/** The template filled in; a placeholder with no value is left out rather than printed as "{x}". */
export function fillTemplate(template: string, values: Record<string, string | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (_m, k: string) => values[k] ?? "").normalize("NFC");
}
