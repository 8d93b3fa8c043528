// Checking a signed result without an account (server/http/routes/public-results.ts).
import { PUBLIC, ok, problems, ref, type OpenapiArea } from "../types.js";

const outcome = { enum: ["passed", "failed"] };
const text = { oneOf: [ref("LocalizedText"), { type: "null" }] };

export const publicArea: OpenapiArea = {
  tag: {
    name: "public",
    description: "For anyone, without an account: check that a result (a civil-status extract, a decision) was signed and that its record is intact, given the case code and the digest printed on it. Never returns the dossier's personal data.",
  },
  schemas: {
    PublicResult: {
      type: "object",
      required: ["code", "digest", "procedure", "step", "signer", "state", "verification", "facts", "proof", "checkedAt"],
      properties: {
        code: { type: "string" },
        digest: { type: "string", pattern: "^[0-9a-f]{64}$", description: "SHA-256 of the signed payload (RFC 8785 JSON), as printed on the result." },
        procedure: { type: "object", required: ["id", "version", "title"], properties: { id: { type: "string" }, version: { type: "integer" }, title: text } },
        step: {
          type: "object",
          required: ["seq", "action", "title", "at", "role", "roleTitle", "unit", "unitName"],
          description: "The signed step: which action, when, by which role, in which unit.",
          properties: {
            seq: { type: "integer" },
            action: { type: "string" },
            title: text,
            at: { type: "string", format: "date-time" },
            role: { type: "string" },
            roleTitle: text,
            unit: { type: "string" },
            unitName: { type: ["string", "null"] },
          },
        },
        signer: {
          type: "object",
          required: ["subject", "issuer", "serialNumber", "notBefore", "notAfter"],
          description: "The certificate that signed.",
          properties: { subject: { type: "string" }, issuer: { type: "string" }, serialNumber: { type: "string" }, notBefore: { type: "string" }, notAfter: { type: "string" } },
        },
        state: {
          type: "object",
          required: ["id", "title", "closed", "outcome"],
          description: "Where the case stands now; a result later refused or withdrawn shows here.",
          properties: { id: { type: "string" }, title: text, closed: { type: "boolean" }, outcome: { enum: ["completed", "refused", "withdrawn", null] } },
        },
        verification: {
          type: "object",
          required: ["ok", "record", "signature", "log"],
          properties: {
            ok: { type: "boolean", description: "Record and signature passed, and the log did not fail (it may be pending until the next checkpoint)." },
            record: { ...outcome, description: "Every entry of the case: content, links and the server's seals; none missing." },
            signature: { ...outcome, description: "The signature re-verified from its kept evidence against today's trust anchors." },
            log: { enum: ["passed", "failed", "pending"], description: "The step is in the signed global log; pending until a checkpoint covers it." },
          },
        },
        facts: {
          type: "array",
          description: "The facts of the result the procedure lets anyone see (register book and entry, date of registration, a masked name, a year), as the official signed them: compare them with the paper.",
          items: { type: "object", required: ["id", "title", "value"], properties: { id: { type: "string" }, title: text, value: { type: "string" } } },
        },
        proof: {
          description:
            "So the reader need not trust this server (null until a checkpoint covers the step): the entry's header (hashed in the clear; the dossier only through hashes), " +
            "its log index, the signed checkpoint (C2SP signed note), the RFC 9162 inclusion proof and the signed payload. Check: SHA-256 of the payload's RFC 8785 JSON is the digest, " +
            "header.signed is the digest, leaf = SHA-256(0x00 || {v:1, stream: 'case:'+caseId, seq, hash: SHA-256(prevHash || canonical(header))}) is included in the checkpoint, the checkpoint verifies with the log key.",
          oneOf: [
            {
              type: "object",
              required: ["header", "index", "checkpoint", "inclusionProof", "signedPayload"],
              properties: {
                header: { type: "object", required: ["v", "caseId", "seq", "prevHash", "at", "action", "procedure", "stateHash", "signed", "body"] },
                index: { type: "integer", minimum: 0 },
                checkpoint: { type: "string" },
                inclusionProof: { type: "array", items: { type: "string", pattern: "^[0-9a-f]{64}$" } },
                signedPayload: ref("SigningPayload"),
              },
            },
            { type: "null" },
          ],
        },
        checkedAt: { type: "string", format: "date-time" },
      },
    },
  },
  paths: {
    "/public/results/{code}/{digest}": {
      parameters: [
        { name: "code", in: "path", required: true, schema: { type: "string" }, description: "The case code printed on the result, e.g. HS-260302-7KQ2MX." },
        { name: "digest", in: "path", required: true, schema: { type: "string", pattern: "^[0-9a-fA-F]{64}$" }, description: "The SHA-256 digest printed on the result." },
      ],
      get: {
        operationId: "checkPublicResult",
        summary: "Check a signed result without an account",
        description:
          "An unknown code and a digest that does not match are the same 404, so the route does not reveal which case codes exist. " +
          "Each client address may check PUBLIC_CHECKS_PER_MINUTE results a minute (default 30); beyond that, 429 with Retry-After.",
        ...PUBLIC,
        responses: {
          "200": ok("The signed step, its certificate and the verification of the case's record.", ref("PublicResult")),
          ...problems("request.invalid", "result.not_found", "request.rate_limited"),
        },
      },
    },
    "/public/log-key": {
      get: {
        operationId: "publicLogKey",
        summary: "The log's public key, to check a result's proof (compare its key id with the one the province publishes)",
        ...PUBLIC,
        responses: {
          "200": ok("The key.", {
            type: "object",
            required: ["name", "publicKeyPem", "publicKey", "verifierKey"],
            properties: {
              name: { type: "string" }, publicKeyPem: { type: "string" },
              publicKey: { type: "string", description: "Raw Ed25519 key, base64." },
              verifierKey: { type: "string", description: "C2SP signed-note verifier key: name+keyid+base64(0x01 || key)." },
            },
          }),
        },
      },
    },
  },
};
