// Development secrets, generated at first start under DATA_DIR/secrets. Production sets
// JWT_SECRET (and its own keys); these files are never committed (data/ is git-ignored).
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";

export function devSecret(dataDir: string, name: string, bytes = 32): Uint8Array {
  const file = join(dataDir, "secrets", name);
  createOnce(file, () => randomBytes(bytes).toString("base64") + "\n");
  return Buffer.from(readFileSync(file, "utf8").trim(), "base64");
}

/**
 * Writes `file` with `make()` unless it exists, atomically: processes starting together on one
 * DATA_DIR (WORKERS=N, two servers) all end up reading the one that was linked first, never a
 * half-written file or two different keys.
 */
export function createOnce(file: string, make: () => string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  let content: string;
  try {
    readFileSync(file);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    content = make();
  }
  writeFileSync(tmp, content, { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  } finally {
    unlinkSync(tmp);
  }
}
