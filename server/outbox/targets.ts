// Where outbox messages go: one HTTP endpoint per topic, from a JSON file (OUTBOX_TARGETS_FILE):
//   { "case.completed": { "url": "https://hotich.example.gov.vn/api/motcua", "headers": { "authorization": "Bearer …" } } }
// A topic with no target keeps its messages pending (and visible on the case) until one is configured.
import { readFileSync } from "node:fs";

export interface Target {
  url: string;
  headers?: Record<string, string>;
}

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
