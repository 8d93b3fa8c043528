// Received files on disk, content-addressed: DATA_DIR/attachments/<first 2 hex>/<sha256>. A file is
// written to tmp/ in the same tree (so the rename cannot cross filesystems), synced, and only then
// renamed to its hash: a crash leaves at most a stray temp file, never a half file under a final
// name. The same bytes uploaded again end under the same name, so they are stored once.
//
// Nothing here deletes a stored file. An upload no case ever references stays on disk (and its row
// in the database) until a sweep removes it; such a sweep is not written yet, and must never remove
// a hash any case's documents name.
import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, rename, rm, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { MotcuaError } from "../../engine/errors.js";
import { declaredType, sniff, SNIFF_BYTES, type MediaType } from "./media-type.js";

/** ATTACHMENT_MAX_BYTES by default: a multi-page scan at 300 dpi fits. */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

export interface StoredFile {
  sha256: string;
  mediaType: MediaType;
  size: number;
}

export class AttachmentFiles {
  constructor(
    /** DATA_DIR/attachments. */
    readonly root: string,
    /** Largest file accepted (ATTACHMENT_MAX_BYTES). */
    readonly maxBytes: number,
  ) {}

  get tempDir(): string {
    return join(this.root, "tmp");
  }

  pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  /**
   * Streams `source` to disk while hashing it. Refuses as soon as it can: the type once the first
   * bytes are in (before anything is written), the size the moment it passes `maxBytes`. On any
   * failure the temp file is removed, so a refused or broken upload leaves nothing behind.
   */
  async receive(source: Readable, declared: string | undefined): Promise<StoredFile> {
    const hash = createHash("sha256");
    let head = Buffer.alloc(0);
    let size = 0;
    let mediaType: MediaType | undefined;
    let out: FileHandle | undefined;
    const temp = join(this.tempDir, `${randomUUID()}.part`);
    try {
      const write = async (chunk: Buffer) => {
        hash.update(chunk);
        await out!.write(chunk);
      };
      for await (const chunk of source as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > this.maxBytes) throw tooLarge(this.maxBytes);
        if (mediaType) {
          await write(chunk);
          continue;
        }
        head = Buffer.concat([head, chunk]);
        if (head.length < SNIFF_BYTES) continue;
        mediaType = this.typeOf(head, declared);
        out = await this.openTemp(temp);
        await write(head);
      }
      if (!mediaType) {
        // The whole file was shorter than the longest signature.
        mediaType = this.typeOf(head, declared);
        out = await this.openTemp(temp);
        await write(head);
      }
      await out!.sync();
      await out!.close();
      out = undefined;
      const sha256 = hash.digest("hex");
      const dir = join(this.root, sha256.slice(0, 2));
      await mkdir(dir, { recursive: true });
      // Atomic on one filesystem; over an existing file of this hash it replaces identical bytes.
      await rename(temp, this.pathOf(sha256));
      await syncDir(dir);
      return { sha256, mediaType, size };
    } catch (e) {
      await out?.close().catch(() => undefined);
      await rm(temp, { force: true });
      throw e;
    }
  }

  private typeOf(head: Buffer, declared: string | undefined): MediaType {
    const sniffed = sniff(head);
    const claimed = declaredType(declared);
    if (sniffed && (claimed === undefined || claimed === sniffed)) return sniffed;
    const message = sniffed
      ? `the content is ${sniffed} but was declared ${claimed}`
      : `the content is none of PDF, JPEG or PNG${claimed ? ` (declared ${claimed})` : ""}`;
    throw new MotcuaError("attachment.type_not_allowed", message, { extra: { sniffedType: sniffed ?? null, declaredType: claimed ?? null } });
  }

  private async openTemp(temp: string): Promise<FileHandle> {
    await mkdir(this.tempDir, { recursive: true });
    return open(temp, "wx");
  }
}

export function tooLarge(maxBytes: number): MotcuaError {
  return new MotcuaError("attachment.too_large", `the file exceeds ${maxBytes} bytes`, { extra: { maxBytes } });
}

/** The rename is durable only once the directory holding the new name is synced too. */
async function syncDir(dir: string): Promise<void> {
  const h = await open(dir, "r");
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}
