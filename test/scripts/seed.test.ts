import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/open.js';

const ROOT = join(import.meta.dirname, '../..');

describe('npm run seed (scripts/seed/cli.ts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pioneer-seed-'));
  const run = (...args: string[]) =>
    promisify(execFile)(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'scripts/seed/cli.ts'), ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, TMPDIR: tmpdir(), SEED_NOW: '2026-12-07T02:00:00Z' },
    });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'builds the one-branch case into a fresh migrated file and refuses to write into it again',
    { timeout: 60_000 },
    async () => {
      const file = join(dir, 'small.sqlite');
      const out = await run('one-branch', file);
      expect(out.stdout).toContain(`${file}: one-branch seeded in`);
      expect(out.stdout).toContain('区委 secretary: lark:ou_m000001');
      const store = await openStore({ url: `file:${file}` });
      try {
        const count = async (sql: string) => Number((await store.client.execute(sql)).rows[0]!.n);
        // 区委 → 1 总支 → 1 支部; the 区委 and 总支 secretaries beside the branch's 50.
        expect(await count('SELECT count(*) AS n FROM units')).toBe(3);
        expect(await count("SELECT count(*) AS n FROM units WHERE type = 'branch' AND parent_id = 'g01'")).toBe(1);
        expect(await count('SELECT count(*) AS n FROM members')).toBe(52);
        expect(await count('SELECT count(*) AS n FROM identities')).toBe(52);
        expect(await count("SELECT count(*) AS n FROM members WHERE role = 'secretary'")).toBe(3);
        expect(await count('SELECT count(*) AS n FROM chat_bindings')).toBe(1);
        expect(await count('SELECT count(*) AS n FROM meetings')).toBe(10);
        expect(await count('SELECT count(*) AS n FROM attendance')).toBeGreaterThan(100);
        expect(await count('SELECT count(*) AS n FROM notices')).toBe(24);
        expect(await count('SELECT count(*) AS n FROM notice_acks')).toBeGreaterThan(500);
        expect(await count('SELECT count(*) AS n FROM volunteers')).toBe(10);
        expect(await count('SELECT count(*) AS n FROM needs')).toBe(5);
      } finally {
        await store.close();
      }
      await expect(run('one-branch', file)).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('seed writes only into a fresh file'),
      });
    },
  );

  it('names the shapes it knows when asked for another', { timeout: 30_000 }, async () => {
    await expect(run('city')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: npm run seed -- <district|one-branch> [file]'),
    });
  });
});
