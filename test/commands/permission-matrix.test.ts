import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../commands/index.js';
import type { CommandDef } from '../../src/command/define.js';
import type { MessageResult } from '../../src/contracts/message.js';
import type { TestCore } from '../helpers/core.js';
import { changedTables, snapshot, tableStates, userTables } from '../helpers/db-state.js';
import { declaredRefusal, JOIN_FIRST, matrixInputs, officerOnly, REFUSAL_PATTERNS } from '../helpers/matrix.js';
import { createWorld, HOUSEHOLD, PERSONAS, UNIT1_PRIVATE_NAMES, WORLD_GROUP, type Persona } from '../helpers/world.js';

// Generated from the registry: a command added anywhere is in the matrix without touching this file.
const COMMANDS = createRegistry().commands;
const PERSONA_LIST = Object.keys(PERSONAS) as Persona[];
const CHATS = ['group', 'direct'] as const;

let t: TestCore;
let dir: string;
let tables: string[];
let baseline: Map<string, string>;
let restore: () => Promise<void>;
let seq = 0;
const tally = { refused: 0, allowed: 0, restored: 0 };

beforeAll(async () => {
  t = await createWorld();
  dir = mkdtempSync(join(tmpdir(), 'pioneer-matrix-'));
  tables = await userTables(t.store.client);
  ({ restore } = await snapshot(t.store.client, join(dir, 'world.db')));
  baseline = await tableStates(t.store.client, tables);
}, 60_000);

afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs one cell and returns what was wrong with it (empty when it matches the declaration). */
async function cell(
  def: CommandDef,
  persona: Persona,
  chat: 'group' | 'direct',
  input: ReturnType<typeof matrixInputs>[number],
): Promise<string[]> {
  const who = PERSONAS[persona];
  const res = await t.app.request('/v1/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      platform: 'playground',
      chatId: chat === 'group' ? WORLD_GROUP : who.userId,
      chatType: chat,
      senderId: who.userId,
      senderName: who.name,
      messageId: `matrix-${++seq}`,
      text: input.text,
      mentions: input.mentions,
    }),
  });
  const label = `${persona} in ${chat}: "${input.text}"`;
  if (res.status !== 200) return [`${label}: HTTP ${res.status}`];
  const { replies } = (await res.json()) as MessageResult;
  const texts = replies.map((r) => r.text);
  const after = await tableStates(t.store.client, tables);
  const changed = changedTables(baseline, after);
  const problems: string[] = [];
  const refusal = declaredRefusal(def, persona, chat);

  if (texts.some((x) => /错误编号/.test(x))) problems.push(`${label}: apology ${texts.join(' | ')}`);
  if (refusal !== null) {
    tally.refused++;
    if (texts.length !== 1 || texts[0] !== refusal)
      problems.push(`${label}: expected the refusal "${refusal}", got ${JSON.stringify(texts)}`);
    if (changed.length) problems.push(`${label}: refused but changed ${changed.join(', ')}`);
  } else {
    tally.allowed++;
    // A command open to everyone may itself tell a stranger to join (收到 does, in a direct chat).
    const refused = texts.find(
      (x) => REFUSAL_PATTERNS.some((re) => re.test(x)) && !(persona === 'stranger' && x === JOIN_FIRST),
    );
    if (refused) problems.push(`${label}: declared allowed, answered "${refused}"`);
    if (chat === 'direct' && texts.join('').trim() === '') problems.push(`${label}: no answer in a direct chat`);
    // An officer of another unit may act for their own unit, never on 第一支部's records.
    if (persona === 'outsider' && officerOnly(def) && (chat === 'group' || input.targetsUnit1) && changed.length) {
      problems.push(`${label}: officer of another unit changed ${changed.join(', ')}: ${texts.join(' | ')}`);
    }
  }
  for (const r of replies) {
    const toGroup = chat === 'group' && !r.direct;
    if (toGroup && Object.values(HOUSEHOLD).some((v) => r.text.includes(v)))
      problems.push(`${label}: household data in the group: ${r.text}`);
    // A name the sender typed and the bot repeats ("找不到成员「陈红」") shows them nothing new.
    const shown = UNIT1_PRIVATE_NAMES.filter((n) => r.text.includes(n) && !input.text.includes(n));
    if ((persona === 'outsider' || persona === 'stranger') && shown.length) {
      problems.push(`${label}: 第一支部's people shown to ${persona}: ${r.text}`);
    }
  }
  if (changed.length) {
    tally.restored++;
    await restore();
    t.core.deps.cache.invalidate();
  }
  return problems;
}

describe('permission matrix: every command × every role × group and direct chat', () => {
  it.each(COMMANDS.map((def) => [def.name, def] as const))('%s matches its declaration', async (_name, def) => {
    const problems: string[] = [];
    for (const input of matrixInputs(def)) {
      for (const persona of PERSONA_LIST)
        for (const chat of CHATS) problems.push(...(await cell(def, persona, chat, input)));
    }
    expect(problems).toEqual([]);
  });

  it('covered both outcomes, and restored the world after every change', async () => {
    const cells = COMMANDS.length * 2 * PERSONA_LIST.length * CHATS.length;
    expect(tally.refused + tally.allowed).toBe(cells);
    expect(tally.refused).toBeGreaterThan(cells / 4);
    expect(tally.allowed).toBeGreaterThan(cells / 4);
    expect(tally.restored).toBeGreaterThan(0);
    expect(changedTables(baseline, await tableStates(t.store.client, tables))).toEqual([]);
  });
});
