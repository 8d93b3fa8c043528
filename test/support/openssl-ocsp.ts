// A real OCSP responder for tests: `openssl ocsp -port 0 -index ...` answering from an
// index file (openssl's `ca` database format), started by the test and stopped after it.
// openssl 3.0's -port takes a number only and listens on every interface; tests reach it at
// 127.0.0.1 on the port it reports ("ACCEPT [::]:PORT").
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Issued } from "../../server/pki/builder.js";

export interface IndexEntry {
  /** Hex serial, as the certificate will carry it (certificates naming this responder are made after it starts). */
  serial: string;
  notAfter: Date;
  /** Absent: valid ("V"). */
  revokedAt?: Date;
  reason?: "keyCompromise" | "superseded" | "certificateHold" | "cessationOfOperation";
}

export interface ResponderOptions {
  /** The CA whose certificates the index describes. */
  ca: Issued;
  /** Signs the responses: the CA itself, a delegated responder, or a key that must be refused. */
  signer: Issued;
  entries: IndexEntry[];
  /** nextUpdate this many minutes after thisUpdate (openssl -nmin); absent: no nextUpdate. */
  nextUpdateMinutes?: number;
  /** Extra openssl ocsp arguments. */
  args?: string[];
}

export interface Responder {
  url: string;
  stop(): Promise<void>;
}

/** openssl's index time format: YYMMDDHHMMSSZ. */
function indexTime(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, "").slice(2, 14) + "Z";
}

export async function startOcspResponder(o: ResponderOptions): Promise<Responder> {
  const dir = mkdtempSync(join(tmpdir(), "motcua-ocsp-"));
  const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
  const lines = o.entries.map((e) => {
    const status = e.revokedAt ? "R" : "V";
    const revoked = e.revokedAt ? `${indexTime(e.revokedAt)}${e.reason ? `,${e.reason}` : ""}` : "";
    const serial = e.serial.toUpperCase();
    return [status, indexTime(e.notAfter), revoked, serial.length % 2 ? `0${serial}` : serial, "unknown", `/CN=serial ${serial}`].join("\t");
  });
  const args = [
    "ocsp", "-port", "0",
    "-index", file("index.txt", lines.join("\n") + "\n"),
    "-CA", file("ca.pem", o.ca.pem),
    "-rsigner", file("signer.pem", o.signer.pem),
    "-rkey", file("signer.key", o.signer.keyPem),
    "-rmd", "sha256",
    ...(o.nextUpdateMinutes ? ["-nmin", String(o.nextUpdateMinutes)] : []),
    ...(o.args ?? []),
  ];
  const child: ChildProcess = spawn("/usr/bin/openssl", args, { stdio: ["ignore", "pipe", "pipe"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`openssl ocsp did not start: ${out}`)), 10_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /ACCEPT \S*:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`openssl ocsp exited (${code}): ${out}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
