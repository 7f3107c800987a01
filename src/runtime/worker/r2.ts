import type { FileStore } from '../../contracts/files.js';

/** Name of the optional R2 binding in wrangler.toml that keeps meeting photos on Workers. */
export const R2_BINDING = 'RECORDS_BUCKET';

/** The part of Cloudflare's R2Bucket the file store uses. */
export interface R2BucketLike {
  put(key: string, value: Uint8Array, options?: { httpMetadata?: { contentType?: string } }): Promise<unknown>;
  get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | null>;
}

/**
 * Photos on Workers go to R2: D1 holds at most 2 MB per row and 10 GB per database, and a
 * Worker's memory would be spent carrying them through SQL. Without the binding no file store
 * exists and photos are refused with the limits named (records.files_unavailable).
 */
export function r2Store(bucket: R2BucketLike): FileStore {
  return {
    kind: 'r2',
    async put(key, bytes, contentType) {
      await bucket.put(key, bytes, { httpMetadata: { contentType } });
    },
    async get(key) {
      const obj = await bucket.get(key);
      return obj ? new Uint8Array(await obj.arrayBuffer()) : null;
    },
  };
}

/** The R2 file store when the binding exists, else none. */
export function filesFromEnv(env: Record<string, unknown>): FileStore | undefined {
  const b = env[R2_BINDING] as Partial<R2BucketLike> | undefined;
  return b && typeof b.put === 'function' && typeof b.get === 'function' ? r2Store(b as R2BucketLike) : undefined;
}
