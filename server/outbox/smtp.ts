// Sends a notice by email (nodemailer over SMTP). The outbox message id becomes the Message-ID, so
// a redelivery after a lost answer is recognisable as the same mail by any receiver that looks.
// One pooled transport per SMTP URL for the life of the process.
import nodemailer, { type Transporter } from "nodemailer";
import type { NoticePayload } from "../../engine/notice.js";
import type { SmtpTarget } from "./targets.js";

const transports = new Map<string, Transporter>();

function transportFor(t: SmtpTarget, timeoutMs: number): Transporter {
  const key = `${t.url}\n${timeoutMs}`;
  let tr = transports.get(key);
  if (!tr) {
    tr = nodemailer.createTransport({ url: t.url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
    transports.set(key, tr);
  }
  return tr;
}

/** undefined when the server accepted the mail; otherwise what went wrong (SMTP reply code and text, or the connection error). */
export async function sendMail(t: SmtpTarget, id: string, payload: unknown, timeoutMs: number): Promise<string | undefined> {
  const n = payload as Partial<NoticePayload>;
  if (typeof n.to !== "string" || typeof n.text !== "string") return "not a notice: the payload has no recipient or text";
  try {
    await transportFor(t, timeoutMs).sendMail({
      from: t.from,
      to: n.to,
      subject: n.subject ?? "",
      text: n.text,
      messageId: `<${id.replace(/[^A-Za-z0-9.:-]/g, "-")}@motcua>`,
      headers: { "Content-Language": n.language ?? "vi" },
    });
    return undefined;
  } catch (e) {
    const err = e as { responseCode?: number; response?: string; code?: string; message?: string };
    if (err.responseCode) return `SMTP ${err.responseCode}: ${String(err.response ?? "").slice(0, 200)}`;
    // nodemailer's code is its own (ESOCKET, ETIMEDOUT); the message says what the socket met (connect ECONNREFUSED ...).
    return (err.code && err.message ? `${err.code}: ${err.message}` : String(err.message ?? err.code ?? e)).slice(0, 200);
  }
}

/** Closes the pooled connections (tests, shutdown). */
export function closeMailTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}
