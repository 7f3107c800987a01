import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The README's "A month in a branch" is what test/scenarios/month.test.ts plays through the bot: every
// command the table shows (but those with a placeholder such as <邀请码>) is sent there, in the same order.

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const SCENARIO = readFileSync(new URL('../scenarios/month.test.ts', import.meta.url), 'utf8');

/** The commands in the "they send" column of the walk-through's table, in order. */
function walkThrough(): string[] {
  const start = README.indexOf('## A month in a branch');
  const end = README.indexOf('\n## ', start + 1);
  expect(start, 'README has no "A month in a branch" section').toBeGreaterThan(-1);
  const rows = README.slice(start, end)
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| when') && !l.startsWith('|---'));
  return rows.flatMap((r) => [...(r.split('|')[3] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}

describe('README "A month in a branch"', () => {
  it('shows the commands the scenario test sends, in its order', () => {
    const commands = walkThrough().filter((c) => !c.includes('<'));
    expect(commands.length).toBeGreaterThan(20);
    let from = 0;
    for (const c of commands) {
      const at = SCENARIO.indexOf(`'${c}'`, from);
      expect(at, `「${c}」 is not sent by test/scenarios/month.test.ts after the commands before it`).toBeGreaterThan(
        -1,
      );
      from = at;
    }
  });
});
