import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * How embedded files sync (WAL mode). FULL: every commit syncs the WAL to the disk before it
 * returns, so a write the bot answered "成功" survives an OS crash or a power cut, not only a killed
 * process (NORMAL syncs only at checkpoints and can lose the last commits then). The cost is one
 * sync per transaction; concurrent messages share a transaction (group commit,
 * src/db/group-commit.ts), so it is one sync per batch of messages, not per message; the engine's
 * group commits run that sync as an fdatasync of the WAL off the event loop (src/db/wal-sync.ts).
 */
export const SQLITE_SYNCHRONOUS = 'FULL';

/**
 * The connection's page cache, in KiB (SQLite's default is 2 MiB). A district's database (50,000
 * members, a year of attendance, ~200 MiB) does not fit in 2 MiB: every 签到 looked its sender
 * and meeting up on pages read again from the OS (bench/district.ts).
 */
export const SQLITE_CACHE_KIB = 64 * 1024;

/** Reads through a memory map up to this size (no read() call and copy per page); writes still go to the WAL. */
export const SQLITE_MMAP_BYTES = 256 * 1024 * 1024;

/** How long a writer waits for another process's lock before failing, in milliseconds. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** drizzle-kit's migrations, applied when a Node store opens. */
export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');
