// Node's file store: files in a folder beside the database (RECORDS_DIR, ./data/records by default).
// Photos are 0.1-10 MB each: kept in the database they would be written twice (WAL, then the
// checkpoint), hold the embedded database's write lock while megabytes are copied, make every
// backup of the database as large as all photos together, and travel over HTTP with every query
// of a libSQL server. A folder keeps the database small; the row that names a file commits only
// after the file is on disk (written to a temporary name, flushed, then renamed into place).
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { FileStore } from '../../contracts/files.js';

/** Keys are the core's own ("files/<sha256>.jpg"); anything that could leave the folder is refused. */
const KEY = /^[a-z]+\/[A-Za-z0-9._-]{1,200}$/;

export function folderStore(dir: string): FileStore {
  const root = resolve(dir);
  const pathOf = (key: string): string => {
    if (!KEY.test(key) || key.includes('..')) throw new Error(`bad file key ${JSON.stringify(key)}`);
    const p = join(root, key);
    if (!p.startsWith(root + sep)) throw new Error(`bad file key ${JSON.stringify(key)}`);
    return p;
  };
  return {
    kind: 'folder',
    async put(key, bytes) {
      const path = pathOf(key);
      // Content-addressed: a file already there holds these very bytes.
      if (
        await stat(path).then(
          (s) => s.size === bytes.byteLength,
          () => false,
        )
      )
        return;
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${randomUUID()}.tmp`;
      const fh = await open(tmp, 'w', 0o600);
      try {
        await fh.writeFile(bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      try {
        await rename(tmp, path);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
  };
}
