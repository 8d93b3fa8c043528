// Where outbox messages go: one HTTP endpoint per topic, from a JSON file (OUTBOX_TARGETS_FILE):
//   { "case.completed": { "url": "https://hotich.example.gov.vn/api/motcua", "headers": { "authorization": "Bearer …" } } }
// A topic with no target keeps its messages pending (and visible on the case) until one is configured.
// The citizen's email notices go to an SMTP server instead (server/outbox/notice-targets.ts).
import { readFileSync } from "node:fs";

/** POSTs the message envelope as JSON (the default kind). */
export interface HttpTarget {
  kind?: "http";
  url: string;
  headers?: Record<string, string>;
}

/** Mails a notice's subject and text to its recipient (server/outbox/smtp.ts). */
export interface SmtpTarget {
  kind: "smtp";
  url: string;
  from: string;
}

export type Target = HttpTarget | SmtpTarget;

export type Targets = Record<string, Target>;

export function loadTargets(file: string): Targets {
  const raw = JSON.parse(readFileSync(file, "utf8")) as unknown;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new Error(`${file}: expected an object of topic -> {url, headers?}`);
  const out: Targets = {};
  for (const [topic, t] of Object.entries(raw as Record<string, unknown>)) {
    const url = (t as { url?: unknown } | null)?.url;
    if (typeof url !== "string" || !/^https?:\/\//.test(url)) throw new Error(`${file}: /${topic}/url must be an http(s) URL`);
    const headers = (t as { headers?: unknown }).headers;
    if (headers !== undefined && (headers === null || typeof headers !== "object" || Object.values(headers).some((v) => typeof v !== "string"))) {
      throw new Error(`${file}: /${topic}/headers must map names to strings`);
    }
    out[topic] = { url, ...(headers ? { headers: headers as Record<string, string> } : {}) };
  }
  return out;
}
