// A real RFC 3161 timestamp authority for tests: `openssl ts -reply` behind a tiny HTTP
// endpoint on 127.0.0.1 (RFC 3161 §3.4: POST application/timestamp-query, answer
// application/timestamp-reply). The endpoint can be switched to fail, to test outages.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Issued } from "../../server/pki/builder.js";

const run = promisify(execFile);

export interface TsaOptions {
  /** The TSA's certificate (extendedKeyUsage timeStamping, critical) and key. */
  tsa: Issued;
  /** Certificates to include after the TSA's (its CA chain). */
  chain?: Issued[];
  /** "sha256" writes ESS signingCertificateV2 (RFC 5816), "sha1" the original signingCertificate. */
  essCertIdAlg?: "sha1" | "sha256";
}

export interface TestTsa {
  url: string;
  /** "ok", or a failure the endpoint simulates. */
  mode: "ok" | "http-500" | "garbage";
  requests: number;
  stop(): Promise<void>;
}

export async function startTsa(o: TsaOptions): Promise<TestTsa> {
  const dir = mkdtempSync(join(tmpdir(), "motcua-tsa-"));
  const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
  file("serial", "01\n");
  const config = file(
    "tsa.cnf",
    [
      "[ tsa ]",
      "default_tsa = tsa_config",
      "[ tsa_config ]",
      `serial = ${join(dir, "serial")}`,
      `signer_cert = ${file("tsa.pem", o.tsa.pem)}`,
      `certs = ${file("chain.pem", (o.chain ?? []).map((c) => c.pem).join("") || o.tsa.pem)}`,
      `signer_key = ${file("tsa.key", o.tsa.keyPem)}`,
      "signer_digest = sha256",
      "default_policy = 1.3.6.1.4.1.55555.3.1",
      "digests = sha256, sha384, sha512",
      "accuracy = secs:1",
      "ordering = no",
      "tsa_name = yes",
      `ess_cert_id_alg = ${o.essCertIdAlg ?? "sha256"}`,
      "",
    ].join("\n"),
  );
  let n = 0;
  const state: TestTsa = { url: "", mode: "ok", requests: 0, stop: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      state.requests++;
      if (state.mode === "http-500") return res.writeHead(500).end("down for maintenance");
      if (state.mode === "garbage") return res.writeHead(200, { "content-type": "application/timestamp-reply" }).end("not DER");
      const q = join(dir, `q${++n}.tsq`);
      const r = join(dir, `r${n}.tsr`);
      writeFileSync(q, Buffer.concat(chunks));
      try {
        await run("/usr/bin/openssl", ["ts", "-reply", "-config", config, "-queryfile", q, "-out", r]);
        res.writeHead(200, { "content-type": "application/timestamp-reply" }).end(readFileSync(r));
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
  state.stop = async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  };
  return state;
}
