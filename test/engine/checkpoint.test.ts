import { describe, expect, it } from "vitest";
import {
  exportPublicKeyPem,
  formatCheckpoint,
  formatVerifierKey,
  importPublicKeyPem,
  keyId,
  parseCheckpoint,
  parseVerifierKey,
  signCheckpoint,
  verifyCheckpoint,
} from "../../engine/audit/checkpoint.js";
import { MerkleTree, leafHash } from "../../engine/audit/merkle.js";
import { verifyInclusion } from "../../engine/audit/merkle-verify.js";

const ED = { name: "Ed25519" };
const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));
const NAME = "motcua.example.gov.vn/log";

async function keyPair(extractable = true): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(ED, extractable, ["sign", "verify"])) as CryptoKeyPair;
}

/** Ed25519 private key from a 32-byte seed, via the fixed PKCS#8 prefix of RFC 8410. */
async function fromSeed(seed: Uint8Array): Promise<CryptoKey> {
  const der = new Uint8Array([...Buffer.from("302e020100300506032b657004220420", "hex"), ...seed]);
  return crypto.subtle.importKey("pkcs8", der, ED, true, ["sign"]);
}

const tree = MerkleTree.from(Array.from({ length: 1000 }, (_, i) => leafHash(new TextEncoder().encode(`hồ sơ ${i}`))));
const body = formatCheckpoint({ origin: NAME, size: tree.size, rootHash: tree.rootAt() });

describe("signed-note known answers (golang.org/x/mod/sumdb/note test vectors)", () => {
  const vkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  const skeySeed = unb64("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz").slice(1);
  const text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
  const sigLine = "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";

  it("parses the verifier key and recomputes its key ID", async () => {
    const parsed = parseVerifierKey(vkey);
    expect(parsed?.name).toBe("PeterNeumann");
    expect(Buffer.from(keyId("PeterNeumann", parsed!.publicKey)).toString("hex")).toBe("c74f20a3");
    expect(await formatVerifierKey("PeterNeumann", parsed!.publicKey, crypto)).toBe(vkey);
  });

  it("signs the note text (with its final newline) to the published signature", async () => {
    const { publicKey } = parseVerifierKey(vkey)!;
    const sig = new Uint8Array(await crypto.subtle.sign(ED, await fromSeed(skeySeed), new TextEncoder().encode(text)));
    expect(b64(new Uint8Array([...keyId("PeterNeumann", publicKey), ...sig]))).toBe(sigLine);
  });

  it("checkpoint signed with that key is stable (regression vector)", async () => {
    const { publicKey } = parseVerifierKey(vkey)!;
    const cp = formatCheckpoint({ origin: "example.com/log", size: 3, rootHash: new Uint8Array(32).fill(1) });
    const note = await signCheckpoint(cp, { name: "PeterNeumann", privateKey: await fromSeed(skeySeed), publicKey }, crypto);
    expect(note.startsWith("example.com/log\n3\nAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=\n\n\u2014 PeterNeumann x08go")).toBe(true);
    expect(await verifyCheckpoint(note, { name: "PeterNeumann", publicKey }, crypto)).toMatchObject({ ok: true, size: 3 });
  });

  it("rejects mangled verifier keys", () => {
    expect(parseVerifierKey(vkey.replace("c74f20a3", "c74f20a4"))).toBeNull();
    expect(parseVerifierKey(vkey.replace("+ARpc", "+Ahpc"))).toBeNull(); // signature type 0x02
    expect(parseVerifierKey(vkey.slice(0, -4))).toBeNull();
    expect(parseVerifierKey("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")).toBeNull();
  });
});

describe("checkpoint round trip", () => {
  it("formats the C2SP tlog-checkpoint body", () => {
    expect(body).toBe(`${NAME}\n1000\n${b64(tree.rootAt())}\n`);
  });

  it("signs and verifies with a CryptoKey, raw bytes, a verifier key string and a PEM key", async () => {
    const kp = await keyPair();
    const note = await signCheckpoint(body, { name: NAME, privateKey: kp.privateKey }, crypto);
    expect(note).toMatch(new RegExp(`^${body.replace(/[+/.]/g, "\\$&")}\\n\u2014 ${NAME.replace(/\./g, "\\.")} [A-Za-z0-9+/]{91}=\\n$`));
    const raw = new Uint8Array(await crypto.subtle.exportKey("raw", kp.publicKey));
    const pem = await exportPublicKeyPem(kp.publicKey, crypto);
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/);
    const verifiers = [
      { name: NAME, publicKey: kp.publicKey },
      { name: NAME, publicKey: raw },
      parseVerifierKey(await formatVerifierKey(NAME, kp.publicKey, crypto))!,
      { name: NAME, publicKey: await importPublicKeyPem(pem, crypto) },
    ];
    for (const v of verifiers) {
      const res = await verifyCheckpoint(note, v, crypto);
      expect(res).toEqual({ ok: true, origin: NAME, size: 1000, rootHash: tree.rootAt() });
    }
    // what the checkpoint is for: an inclusion proof checked against its signed size and root
    const res = await verifyCheckpoint(note, verifiers[0]!, crypto);
    if (!res.ok) throw new Error(res.reason);
    expect(verifyInclusion(tree.leaf(421), 421, res.size, tree.inclusionProof(421, res.size), res.rootHash)).toBe(true);
  });

  it("needs the public key when the private key is not extractable", async () => {
    const kp = await keyPair(false);
    await expect(signCheckpoint(body, { name: NAME, privateKey: kp.privateKey }, crypto)).rejects.toThrow(TypeError);
    const note = await signCheckpoint(body, { name: NAME, ...kp }, crypto);
    expect((await verifyCheckpoint(note, { name: NAME, publicKey: kp.publicKey }, crypto)).ok).toBe(true);
  });

  it("ignores signatures from other keys (witnesses, rotation), in any order", async () => {
    const log = await keyPair();
    const witness = await keyPair();
    const ours = await signCheckpoint(body, { name: NAME, privateKey: log.privateKey }, crypto);
    const theirs = await signCheckpoint(body, { name: "witness.example", privateKey: witness.privateKey }, crypto);
    const theirLine = theirs.slice(body.length + 1);
    for (const note of [ours + theirLine, body + "\n" + theirLine + ours.slice(body.length + 1)]) {
      expect((await verifyCheckpoint(note, { name: NAME, publicKey: log.publicKey }, crypto)).ok).toBe(true);
    }
  });
});

describe("checkpoint refusals", () => {
  it("refuses every single-character change to body or signature", async () => {
    const kp = await keyPair();
    const note = await signCheckpoint(body, { name: NAME, privateKey: kp.privateKey }, crypto);
    for (let i = 0; i < note.length; i++) {
      const c = note[i] === "A" ? "B" : "A";
      const changed = note.slice(0, i) + c + note.slice(i + 1);
      const res = await verifyCheckpoint(changed, { name: NAME, publicKey: kp.publicKey }, crypto);
      expect(res.ok, `char ${i}`).toBe(false);
    }
  });

  it("refuses a wrong key, a wrong key name, and a bad signature under the right key ID", async () => {
    const kp = await keyPair();
    const other = await keyPair();
    const note = await signCheckpoint(body, { name: NAME, privateKey: kp.privateKey }, crypto);
    expect(await verifyCheckpoint(note, { name: NAME, publicKey: other.publicKey }, crypto)).toMatchObject({ ok: false, reason: "unknown_key" });
    expect(await verifyCheckpoint(note, { name: "other.example", publicKey: kp.publicKey }, crypto)).toMatchObject({ ok: false, reason: "unknown_key" });
    // a signature by another private key, relabelled with our key ID, must fail verification
    const forged = await signCheckpoint(body, { name: NAME, privateKey: other.privateKey, publicKey: kp.publicKey }, crypto);
    expect(await verifyCheckpoint(forged, { name: NAME, publicKey: kp.publicKey }, crypto)).toMatchObject({ ok: false, reason: "bad_signature" });
    // ...and spoils the note even when a good signature is also present
    const both = note + forged.slice(body.length + 1);
    expect(await verifyCheckpoint(both, { name: NAME, publicKey: kp.publicKey }, crypto)).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("refuses malformed notes", async () => {
    const kp = await keyPair();
    const note = await signCheckpoint(body, { name: NAME, privateKey: kp.privateKey }, crypto);
    const sig = note.slice(body.length + 1);
    const root = b64(tree.rootAt());
    const malformed = [
      body + sig, // no blank line
      note.slice(0, -1), // no final newline
      note + "\n",
      body + "\n", // no signatures
      body + "extension line\n\n" + sig, // extension lines: we write none and accept none
      `${NAME}\n1000\n\n` + sig, // missing root
      `${NAME}\n01000\n${root}\n\n` + sig,
      `${NAME}\n-1\n${root}\n\n` + sig,
      `${NAME}\n9007199254740993\n${root}\n\n` + sig,
      `${NAME}\n1000\n${root.slice(0, -2)}\n\n` + sig, // not base64 of 32 bytes
      `${NAME}\n1000\n${b64(new Uint8Array(31))}\n\n` + sig,
      `\n1000\n${root}\n\n` + sig, // empty origin
      note.replace("\u2014", "--"),
      note.replace("\u2014 ", "\u2014  "),
      note.replace(/\n$/, " \n"),
      note.replace(/\n/g, "\r\n"),
      note.replace(NAME + "\n", NAME + "\t\n"),
      note.replace(NAME + " ", NAME + "+x "),
      body + "\n" + sig.replace(/=\n$/, "\n"), // unpadded base64
      body + "\n" + sig.repeat(101),
      body + "\n\u2014 " + NAME + " AAAA\n", // signature shorter than a key ID
      "x".repeat(1 << 21),
      "\ud800" + note,
    ];
    for (const text of malformed) {
      expect(parseCheckpoint(text).ok, JSON.stringify(text.slice(0, 200))).toBe(false);
      expect(await verifyCheckpoint(text, { name: NAME, publicKey: kp.publicKey }, crypto)).toMatchObject({ ok: false, reason: "malformed" });
    }
    const parsed = parseCheckpoint(note);
    expect(parsed).toMatchObject({ ok: true, origin: NAME, size: 1000, body });
    expect(parsed.ok && parsed.signatures.map((s) => [s.name, s.keyId.length, s.signature.length])).toEqual([[NAME, 4, 64]]);
  });

  it("refuses to format or sign a bad checkpoint", async () => {
    const kp = await keyPair();
    const rootHash = tree.rootAt();
    expect(() => formatCheckpoint({ origin: "", size: 1, rootHash })).toThrow();
    expect(() => formatCheckpoint({ origin: "a\nb", size: 1, rootHash })).toThrow();
    expect(() => formatCheckpoint({ origin: NAME, size: -1, rootHash })).toThrow();
    expect(() => formatCheckpoint({ origin: NAME, size: 1.5, rootHash })).toThrow();
    expect(() => formatCheckpoint({ origin: NAME, size: 1, rootHash: new Uint8Array(20) })).toThrow();
    await expect(signCheckpoint(body + "ext\n", { name: NAME, privateKey: kp.privateKey }, crypto)).rejects.toThrow(TypeError);
    await expect(signCheckpoint(body, { name: "a b", privateKey: kp.privateKey }, crypto)).rejects.toThrow(TypeError);
    await expect(signCheckpoint(body, { name: "a+b", privateKey: kp.privateKey }, crypto)).rejects.toThrow(TypeError);
  });
});
