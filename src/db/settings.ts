import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** How long a writer waits for another process's lock before failing, in milliseconds. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** drizzle-kit's migrations, applied when a Node store opens. */
export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');
