import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runWrangler } from '../../../helpers/wrangler.js';

/** The budget for the deployed bundle, gzip. */
const MAX_BUNDLE_GZIP_BYTES = 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'pioneer-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
}

describe('the bundle `wrangler deploy` uploads', () => {
  it('is at most 1 MiB gzip and holds no Node-only storage code', async () => {
    const out = join(dir, 'out');
    const meta = join(dir, 'meta.json');
    const run = await runWrangler(['deploy', '--dry-run', '--outdir', out, '--metafile', meta]);

    // The modules wrangler would upload, measured as wrangler measures them (gzip, default level).
    const modules = readdirSync(out).filter((f) => /\.(m?js|wasm)$/.test(f));
    expect(modules).toContain('worker.js');
    const raw = Buffer.concat(modules.map((f) => readFileSync(join(out, f))));
    const gzip = gzipSync(raw).byteLength;
    console.log(
      `worker bundle: ${(raw.byteLength / 1024).toFixed(1)} KiB, gzip ${(gzip / 1024).toFixed(1)} KiB ` +
        `(wrangler: ${/Total Upload: ([^\n]*)/.exec(run.stdout)?.[1]}), built in ${run.ms} ms`,
    );
    expect(gzip).toBeLessThanOrEqual(MAX_BUNDLE_GZIP_BYTES);

    // The import graph: the D1 and web libSQL stores, never the embedded client or the Node entry.
    const inputs = Object.keys((JSON.parse(readFileSync(meta, 'utf8')) as Metafile).inputs);
    expect(inputs).toEqual(
      expect.arrayContaining(['src/runtime/worker.ts', 'src/db/d1.ts', 'src/db/libsql-web.ts', 'src/http/app.ts']),
    );
    const nodeOnly = new RegExp(
      [
        /^src\/(entry\/node|db\/libsql)\.ts$/,
        /@libsql\/client\/lib-esm\/(node|sqlite3)\.js/,
        /node_modules\/libsql\//,
        /@hono\/node-server/,
      ]
        .map((r) => r.source)
        .join('|'),
    );
    const forbidden = inputs.filter((f) => nodeOnly.test(f));
    expect(forbidden).toEqual([]);
  });
});
