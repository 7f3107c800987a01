import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openLocalStore } from '../../../src/db/local.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), '../../helpers/store-child.ts');

/** Runs the writing child until it has reported `answered` commits, then SIGKILLs it; returns what it reported. */
function writeUntilKilled(url: string, answered: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, STORE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += String(b)));
    child.stdout.on('data', (b) => {
      buffered += String(b);
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      lines.push(...parts);
      if (lines.length >= answered && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve(lines) : reject(new Error(`child exited ${code}: ${stderr}`)),
    );
  });
}

describe('embedded store crash safety', () => {
  it('a SIGKILLed process loses nothing it reported committed, and no batch is half-written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pioneer-crash-'));
    const url = `file:${join(dir, 'crash.db')}`;
    try {
      const answered: string[] = [];
      for (let round = 0; round < 3; round++) answered.push(...(await writeUntilKilled(url, 600)));
      const store = await openLocalStore(url, { backgroundCheckpointAfter: Infinity });
      try {
        const uses = (await store.client.execute('SELECT code FROM invite_uses')).rows.map((r) => String(r.code));
        const present = new Set(uses);
        expect(answered.filter((c) => !present.has(c))).toEqual([]);
        // Each batch is whole: every use has its audit row and no audit row lacks its use.
        const audits = (await store.client.execute('SELECT target FROM audit_log')).rows.map((r) => String(r.target));
        expect(audits.sort()).toEqual([...uses].sort());
        expect((await store.client.execute('PRAGMA integrity_check')).rows[0]).toEqual({ integrity_check: 'ok' });
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
