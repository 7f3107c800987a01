import type { AttachmentSource } from '../../src/contracts/files.js';
import { FileTooLargeError } from '../../src/contracts/files.js';

/** Uploads kept for the message that follows them, at most this long and this many. */
export const UPLOAD_TTL_MS = 60 * 60_000;
export const UPLOADS_MAX = 50;

/**
 * The playground's "platform file storage": the page uploads a file (POST /playground/upload),
 * gets a ref, and sends a message naming it; the core then fetches the bytes through this source,
 * as it would through Feishu's resource API. Memory only, the newest UPLOADS_MAX for UPLOAD_TTL_MS.
 */
export class PlaygroundUploads implements AttachmentSource {
  private readonly files = new Map<string, { bytes: Uint8Array; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  add(bytes: Uint8Array): string {
    const ref = `up_${crypto.randomUUID().replace(/-/g, '')}`;
    this.files.set(ref, { bytes, at: this.now() });
    for (const [k, v] of this.files) {
      if (this.files.size > UPLOADS_MAX || this.now() - v.at > UPLOAD_TTL_MS) this.files.delete(k);
    }
    return ref;
  }

  async fetch(file: { ref: string }, maxBytes: number): Promise<{ bytes: Uint8Array }> {
    const hit = this.files.get(file.ref);
    if (!hit || this.now() - hit.at > UPLOAD_TTL_MS) throw new Error(`no upload ${file.ref}`);
    if (hit.bytes.byteLength > maxBytes) throw new FileTooLargeError(maxBytes);
    return { bytes: hit.bytes };
  }
}
