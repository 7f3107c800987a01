import type { Attachment } from './message.js';

// Files people send (meeting photos) and where the core keeps them. The bytes of an attachment
// are fetched through the adapter that received the message, never by the core from a platform:
// the adapter hands an AttachmentSource to CorePort.handle with the message. Where bytes are kept
// is the runtime's choice (a folder beside the database on Node, R2 on Workers), behind FileStore.

/** The bytes of one attachment, as the platform delivered them. */
export interface FetchedFile {
  bytes: Uint8Array;
  /** The file name the platform gave, when the message did not carry one. */
  name?: string;
}

/** A fetch refused because the file is larger than the core takes (nothing more was read). */
export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file larger than ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

/** How the adapter that received a message fetches its attachments. */
export interface AttachmentSource {
  /** The bytes of `file`; throws FileTooLargeError past `maxBytes`, any other error when it cannot. */
  fetch(file: Attachment, maxBytes: number): Promise<FetchedFile>;
}

/** Where files are kept: content-addressed keys ("photos/<sha256>"), written once, read many times. */
export interface FileStore {
  /** What it is, for logs and the README ("folder", "r2"). */
  readonly kind: string;
  /** Keeps `bytes` under `key`; durable when it resolves (a second put of the same key is harmless). */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Uint8Array | null>;
}

/** A smaller JPEG of an image, for the record; null when this image cannot be reduced. */
export interface Thumbnail {
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** Makes thumbnails (Node: off the main thread); absent where the runtime cannot afford it. */
export interface Thumbnailer {
  thumbnail(bytes: Uint8Array, maxSide: number): Promise<Thumbnail | null>;
}

/** Reads a stream into bytes, refusing (and cancelling it) past `maxBytes`: adapters share it. */
export async function readLimited(stream: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new FileTooLargeError(maxBytes);
    parts.push(chunk);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
