// Development secrets, generated at first start under DATA_DIR/secrets. Production sets
// JWT_SECRET (and its own keys); these files are never committed (data/ is git-ignored).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";

export function devSecret(dataDir: string, name: string, bytes = 32): Uint8Array {
  const dir = join(dataDir, "secrets");
  const file = join(dir, name);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(bytes).toString("base64") + "\n", { mode: 0o600 });
  }
  return Buffer.from(readFileSync(file, "utf8").trim(), "base64");
}
