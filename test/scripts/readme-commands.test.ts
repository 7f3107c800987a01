import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../commands/index.js';
import { defineCommand } from '../../src/command/define.js';
import { rest } from '../../src/command/args.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { README_PATH, TABLE_END, TABLE_START, commandTable, withCommandTable } from '../../scripts/readme-commands.js';

describe('README "Every command" table', () => {
  it('is what `npm run docs:commands` writes from the registry', () => {
    const readme = readFileSync(README_PATH, 'utf8');
    expect(readme, 'README.md is stale: run `npm run docs:commands` and commit it').toBe(
      withCommandTable(readme, commandTable()),
    );
  });

  it('has one row per command, in registry order', () => {
    const rows = commandTable().split('\n').slice(2);
    const commands = createRegistry().commands;
    expect(rows).toHaveLength(commands.length);
    rows.forEach((r, i) => expect(r.startsWith(`| \`${commands[i]!.name}`)).toBe(true));
  });

  it('escapes a | in usage and names officers, everyone and chat scope as the README does', () => {
    const extra = defineCommand({
      name: '试验',
      aliases: ['probe', 'try'],
      group: '测试',
      summary: '只在私聊里用',
      example: '试验 甲',
      roles: OFFICERS,
      chat: 'direct',
      args: [rest('what', '甲|乙')],
      async run() {},
    });
    const last = commandTable(createRegistry([extra]))
      .split('\n')
      .at(-1);
    expect(last).toBe('| `试验 <甲\\|乙>` | probe / try | 管理员、书记、委员 | 私聊 |');
  });

  it('refuses a README without the markers and replaces only what is between them', () => {
    expect(() => withCommandTable('no markers', 'x')).toThrow(/markers/);
    const doc = `before\n${TABLE_START}\nold\n${TABLE_END}\nafter`;
    expect(withCommandTable(doc, 'new')).toBe(`before\n${TABLE_START}\nnew\n${TABLE_END}\nafter`);
  });
});
