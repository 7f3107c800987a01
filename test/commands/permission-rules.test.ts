import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mention, MessageResult } from '../../src/contracts/message.js';
import type { TestCore } from '../helpers/core.js';
import { inviteCode } from '../helpers/core.js';
import { snapshot } from '../helpers/db-state.js';
import { addMember, at } from '../helpers/meetings.js';
import { createWorld, PERSONAS, WORLD_GROUP } from '../helpers/world.js';

// The permission matrix for the rules no role declaration can say (issue 14): who may change a
// 书记's role, 代签 never for oneself nor after the 补签 deadline, and an invite code bound to one
// platform account. Every cell runs through POST /v1/messages on the same world, put back after it;
// a refused cell must leave the rule's state as it was, an allowed one must change it.

let t: TestCore;
let dir: string;
let restore: () => Promise<void>;
let boundCode: string;
let seq = 0;

/** People beyond the world's personas: an officer of the unit above, and 第一支部's 副书记. */
const TOP = { userId: 'top', name: '党委钱书记' };
const DEPUTY = { userId: 'dep', name: '冯副书记' };
/** The stranger the bound code was issued for. */
const BOUND = { userId: 'newbie', name: '新同志' };

beforeAll(async () => {
  t = await createWorld();
  await addMember(t, { userId: TOP.userId, name: TOP.name, unit: '泰山区某社区党委', title: '书记' });
  await addMember(t, { userId: DEPUTY.userId, name: DEPUTY.name, unit: '第一支部' });
  const dep = await post('admin', 'group', `任命 @${DEPUTY.name} 副书记`, [{ id: DEPUTY.userId, name: DEPUTY.name }]);
  expect(dep.join()).toContain('副书记');
  const issued = await post('admin', 'group', `邀请 党员 @${BOUND.name}`, [{ id: BOUND.userId, name: BOUND.name }]);
  boundCode = inviteCode(issued.join('\n'));
  t.core.deps.cache.invalidate();
  dir = mkdtempSync(join(tmpdir(), 'pioneer-rules-'));
  ({ restore } = await snapshot(t.store.client, join(dir, 'world.db')));
}, 60_000);

afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(
  from: string,
  chat: 'group' | 'direct',
  text: string,
  mentions: Mention[] = [],
  platform = 'playground',
): Promise<string[]> {
  const res = await t.app.request('/v1/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      platform,
      chatId: chat === 'group' ? WORLD_GROUP : from,
      chatType: chat,
      senderId: from,
      senderName: from,
      messageId: `rules-${++seq}`,
      text,
      mentions,
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as MessageResult).replies.map((r) => r.text);
}

async function one(sql: string): Promise<unknown> {
  return JSON.stringify((await t.store.client.execute(sql)).rows);
}

interface Cell {
  who: string;
  /** Sender id; the text, chat, mentions, platform and clock of the attempt. */
  from: string;
  text: string;
  chat?: 'group' | 'direct';
  mentions?: Mention[];
  platform?: string;
  when?: string;
  allowed: boolean;
  /** What the answer must contain. */
  says: string;
}

const SEC = { id: PERSONAS.secretary.userId, name: PERSONAS.secretary.name };
const COM = { id: PERSONAS.committee.userId, name: PERSONAS.committee.name };
const MEM = { id: PERSONAS.member.userId, name: PERSONAS.member.name };
const superiorOnly = '书记的任免只能由管理员或上级组织的书记、委员办理';

const RULES: { rule: string; state: string; cells: Cell[] }[] = [
  {
    rule: '任命 of a 书记',
    state: "SELECT role, deputy FROM members WHERE name = '王书记'",
    cells: [
      { who: 'admin', from: 'admin', text: '任命 @王书记 群众', mentions: [SEC], allowed: true, says: '已任命 王书记' },
      {
        who: 'officer above',
        from: TOP.userId,
        text: '任命 @王书记 群众',
        mentions: [SEC],
        allowed: true,
        says: '已任命',
      },
      {
        who: '书记 himself',
        from: 'sec',
        text: '任命 @王书记 群众',
        mentions: [SEC],
        allowed: false,
        says: '不能更改自己的角色',
      },
      {
        who: '副书记',
        from: DEPUTY.userId,
        text: '任命 @王书记 群众',
        mentions: [SEC],
        allowed: false,
        says: superiorOnly,
      },
      { who: '委员', from: 'com', text: '任命 @王书记 群众', mentions: [SEC], allowed: false, says: '仅限' },
      { who: 'other unit', from: 'sec2', text: '任命 @王书记 群众', mentions: [SEC], allowed: false, says: '王书记' },
      { who: '党员', from: 'mem', text: '任命 @王书记 群众', mentions: [SEC], allowed: false, says: '仅限' },
      { who: 'stranger', from: 'nobody', text: '任命 @王书记 群众', mentions: [SEC], allowed: false, says: '加入' },
      { who: '副书记, by name', from: DEPUTY.userId, text: '任命 @王书记 群众', allowed: false, says: superiorOnly },
    ],
  },
  {
    rule: '代签',
    state: "SELECT member_id, method FROM attendance WHERE method = 'proxy' ORDER BY member_id",
    cells: [
      {
        who: '书记 for self',
        from: 'sec',
        text: '代签 @王书记 2',
        mentions: [SEC],
        allowed: false,
        says: '不能为自己代签',
      },
      {
        who: '委员 for self',
        from: 'com',
        text: '代签 @周委员 2',
        mentions: [COM],
        allowed: false,
        says: '不能为自己代签',
      },
      { who: '副书记 for self', from: DEPUTY.userId, text: '代签 @冯副书记 2', allowed: false, says: '不能为自己代签' },
      {
        who: '书记 for a member',
        from: 'sec',
        text: '代签 @陈红 2',
        mentions: [MEM],
        allowed: true,
        says: '已为 陈红 代签',
      },
      {
        who: '委员 for the 书记',
        from: 'com',
        text: '代签 @王书记 2',
        mentions: [SEC],
        allowed: true,
        says: '已为 王书记',
      },
      {
        who: 'after 7 days',
        from: 'sec',
        text: '代签 @陈红 1',
        mentions: [MEM],
        when: '2026-12-09 12:00',
        allowed: false,
        says: '代签和补签一样须在会后 7 天内',
      },
      { who: 'a member', from: 'mem', text: '代签 @陈红 2', mentions: [MEM], allowed: false, says: '仅限' },
    ],
  },
  {
    rule: 'a bound invite code',
    state: 'SELECT name FROM members ORDER BY name',
    cells: [
      { who: 'its person', from: BOUND.userId, text: 'CODE 新同志', allowed: true, says: '欢迎 新同志 加入' },
      { who: 'another account', from: 'ghost', text: 'CODE 新同志', allowed: false, says: '是发给指定的人的' },
      {
        who: 'same id, other platform',
        from: BOUND.userId,
        text: 'CODE 新同志',
        platform: 'wechat',
        allowed: false,
        says: '是发给指定的人的',
      },
      { who: 'a member', from: 'mem', text: 'CODE 陈红', allowed: false, says: '无需再次加入' },
    ],
  },
];

describe('permission matrix: the rules beyond the role declarations', () => {
  for (const { rule, state, cells } of RULES) {
    it.each(cells.map((c) => [c.who, c] as const))(`${rule}: %s`, async (_who, c) => {
      at(t, c.when ?? '2026-12-01 12:25');
      const before = await one(state);
      const text = c.text.replace('CODE', `加入 ${boundCode}`);
      const replies = await post(
        c.from,
        c.chat ?? (text.startsWith('加入') ? 'direct' : 'group'),
        text,
        c.mentions,
        c.platform,
      );
      try {
        expect(replies.join('\n')).toContain(c.says);
        if (c.allowed) expect(await one(state)).not.toBe(before);
        else expect(await one(state)).toBe(before);
        expect(replies.join('\n')).not.toContain('错误编号');
      } finally {
        await restore();
        t.core.deps.cache.invalidate();
      }
    });
  }
});
