// One clerk's birth registration driven over HTTP the way a commune's browser does it on a bad
// link: every write carries an Idempotency-Key and is retried, with the same key and body, until
// it is answered with a step — on the other server when one is down. Every answer is tallied, so
// the harness can say what clients saw during the faults.
import { createPrivateKey, sign as nodeSign, type KeyObject } from "node:crypto";
import { randomUUID } from "node:crypto";
import { birthDeclaration, birthDocuments } from "../../test/support/server.js";
import { birthHandover } from "../../test/support/birth.js";

export interface Tally {
  requests: number;
  /** "503 service.unavailable" -> count; every answer >= 500. */
  serverErrors: Map<string, number>;
  /** 5xx answers that were not application/problem+json. */
  serverErrorsNotProblem: number;
  /** Answers a retrying client waits on: 409 idempotency.in_progress. */
  inProgress: number;
  /** Connection refused or reset: a server process that was killed or is starting. */
  networkErrors: number;
  /** Any other refusal: each one a lost lifecycle. */
  unexpected: string[];
  longestMs: number;
  longest: string;
  /** With CHAOS_TRACE=1: every answer that was not 2xx or took over a second, with its wall-clock time. */
  trace?: string[];
}

export function newTally(): Tally {
  return { requests: 0, serverErrors: new Map(), serverErrorsNotProblem: 0, inProgress: 0, networkErrors: 0, unexpected: [], longestMs: 0, longest: "", ...(process.env.CHAOS_TRACE ? { trace: [] } : {}) };
}

export interface Cluster {
  /** The base URLs of the servers up now (a killed one is absent until it is back). */
  up(): string[];
  /** False once the harness has given up on the run (drain deadline passed). */
  running(): boolean;
}

export interface Signer {
  key: KeyObject;
  certificate: string;
}

export function signerFrom(keyPem: string, certPem: string): Signer {
  return { key: createPrivateKey(keyPem), certificate: certPem };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Abandoned extends Error {}

/** Sends one request until it is answered 2xx; throws Abandoned on an answer no retry can change. */
async function until(cluster: Cluster, tally: Tally, method: "GET" | "POST", path: string, token: string, body?: unknown, key?: string): Promise<any> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  // A load balancer's spread: each request starts on a random server, its retries go round.
  const offset = Math.floor(Math.random() * 2);
  for (let attempt = 0; cluster.running(); attempt++) {
    const servers = cluster.up();
    if (servers.length === 0) {
      await sleep(200);
      continue;
    }
    const base = servers[(offset + attempt) % servers.length]!;
    const t = performance.now();
    let res: Response;
    let answer: any;
    try {
      res = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(text ? { "content-type": "application/json" } : {}), ...(key ? { "idempotency-key": key } : {}) },
        body: text,
        signal: AbortSignal.timeout(120_000),
      });
      answer = await res.json().catch(() => undefined);
    } catch {
      tally.networkErrors++;
      await sleep(200);
      continue;
    } finally {
      const ms = performance.now() - t;
      tally.requests++;
      if (tally.trace && (ms > 1000 || !res! || !res.ok)) tally.trace.push(`${new Date().toISOString().slice(11, 23)} ${method} ${path.slice(0, 20)} ${res! ? res.status : "network"} ${Math.round(ms)} ms`);
      if (ms > tally.longestMs) {
        tally.longestMs = ms;
        tally.longest = `${method} ${path.replace(/[0-9a-f-]{36}/, ":id")}`;
      }
    }
    if (res.ok) return answer;
    const code = `${res.status} ${answer?.code ?? "?"}`;
    if (res.status >= 500) {
      tally.serverErrors.set(code, (tally.serverErrors.get(code) ?? 0) + 1);
      if (!(res.headers.get("content-type") ?? "").startsWith("application/problem+json")) tally.serverErrorsNotProblem++;
      // Retry-After says 5 s; a clerk's browser retries sooner, which loads the servers more.
      await sleep(1_000);
      continue;
    }
    if (res.status === 409 && answer?.code === "idempotency.in_progress") {
      tally.inProgress++;
      await sleep(500);
      continue;
    }
    tally.unexpected.push(`${method} ${path}: ${code} ${answer?.detail ?? ""}`);
    throw new Abandoned(code);
  }
  throw new Abandoned("run ended");
}

export interface Tokens {
  reception: string;
  civilStatus: string;
  signer: string;
  archivist: string;
}

/** A whole birth registration; resolves with the case id once archived, or undefined if it was abandoned. */
export async function birthLifecycle(cluster: Cluster, tally: Tally, t: Tokens, signer: Signer, entryNumber: string): Promise<string | undefined> {
  try {
    const created = await until(cluster, tally, "POST", "/cases", t.reception, { procedureId: "civil-status.birth-registration", channel: "counter", data: birthDeclaration(), documents: birthDocuments(), confirmDuplicate: true }, randomUUID());
    const id = created.case.id as string;
    let version = created.case.version as number;
    const step = async (token: string, body: Record<string, unknown>) => {
      const r = await until(cluster, tally, "POST", `/cases/${id}/actions`, token, { ...body, expectedVersion: version }, randomUUID());
      version = r.case.version;
    };
    await step(t.reception, { action: "accept" });
    await step(t.civilStatus, { action: "record", data: { book: "CHAOS/2026", entryNumber } });
    await step(t.civilStatus, { action: "witness-book-signature", data: { declarantSignedInPerson: true } });
    const payload = await until(cluster, tally, "GET", `/cases/${id}/signing-payload`, t.signer);
    const signature = { format: "raw", signature: nodeSign("sha256", Buffer.from(payload.canonical), signer.key).toString("base64"), certificate: signer.certificate };
    await step(t.signer, { action: "sign", signature, signedPayload: payload.canonical });
    await step(t.reception, { action: "return-result", data: birthHandover() });
    await step(t.archivist, { action: "archive" });
    return id;
  } catch (e) {
    if (e instanceof Abandoned) return undefined;
    throw e;
  }
}
