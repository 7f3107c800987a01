import { z } from 'zod';

// The record book's files (meeting photos): their limits and, on Node, where they are kept. On
// Workers files go to R2 when the binding RECORDS_BUCKET exists (wrangler.toml), else none are taken.

/** Largest photo or file kept for a meeting, in bytes (Feishu's own image limit is 10 MB). */
export const DEFAULT_RECORD_FILE_MAX_BYTES = 10 * 1024 * 1024;

export const recordsEnvShape = {
  RECORD_FILE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(16 * 1024)
    .max(100 * 1024 * 1024)
    .default(DEFAULT_RECORD_FILE_MAX_BYTES),
  /** Most photos and files kept per meeting. */
  RECORD_FILES_PER_MEETING: z.coerce.number().int().min(1).max(500).default(60),
  /**
   * Photos posted in a meeting's bound group are kept from the opening of check-in until this many
   * minutes after the start (or the end of check-in, if later): a meeting's usual length and more.
   */
  RECORD_PHOTO_AFTER_START_MIN: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(180),
  /** Longest side of a photo's thumbnail (the size the .docx record shows), in pixels. */
  RECORD_THUMB_MAX_PX: z.coerce.number().int().min(64).max(4096).default(800),
  /** Node: the folder the files are kept in, beside the database by default. */
  RECORDS_DIR: z.string().min(1).default('./data/records'),
};
