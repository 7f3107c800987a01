import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startNode, type NodeChild } from '../../helpers/node-child.js';

// Issue 24: a server started in the digest's catch-up window bound its port only after the catch-up
// (the scheduler started before the server listened). The entry starts the scheduler once listening.
describe('the Node entry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pioneer-listen-'));
  let child: NodeChild | undefined;
  afterAll(async () => {
    child?.proc.kill('SIGTERM');
    await child?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens before the scheduler starts ticking', { timeout: 90_000 }, async () => {
    const output: string[] = [];
    child = await startNode({ NODE_ENV: 'development', DATABASE_URL: `file:${join(dir, 'p.db')}` }, dir, output);
    for (let i = 0; i < 100 && !output.join('').includes('"scheduler started"'); i++)
      await new Promise((r) => setTimeout(r, 100));
    const lines = output
      .join('')
      .split('\n')
      .flatMap((l) => (l.startsWith('{') ? [JSON.parse(l) as { msg: string }] : []));
    const msgs = lines.map((l) => l.msg);
    expect(msgs).toContain('scheduler started');
    expect(msgs.indexOf('listening')).toBeGreaterThanOrEqual(0);
    expect(msgs.indexOf('listening')).toBeLessThan(msgs.indexOf('scheduler started'));
  });
});
