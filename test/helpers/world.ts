import type { Role } from '../../src/contracts/roles.js';
import { createTestCore, setupBranch, type TestCore } from './core.js';
import { addMember, at } from './meetings.js';
import { HOUSEHOLD, TEST_DATA_KEY, needWithHousehold } from './pairing.js';

/** Who sends in the permission matrix and the fuzzers: each role, plus an officer of another unit. */
export type Persona = Role | 'outsider';

export interface PersonaInfo {
  persona: Persona;
  userId: string;
  name: string;
}

/**
 * 第一支部 (bound to g1) holds every role; 孙书记 is secretary of 第二支部 (bound to g2) and so an
 * officer of another unit as far as g1 and 第一支部's records are concerned.
 */
export const PERSONAS: Record<Persona, PersonaInfo> = {
  admin: { persona: 'admin', userId: 'admin', name: '管理员' },
  secretary: { persona: 'secretary', userId: 'sec', name: '王书记' },
  committee: { persona: 'committee', userId: 'com', name: '周委员' },
  member: { persona: 'member', userId: 'mem', name: '陈红' },
  activist: { persona: 'activist', userId: 'act', name: '吴积极' },
  masses: { persona: 'masses', userId: 'mas', name: '郑群众' },
  stranger: { persona: 'stranger', userId: 'nobody', name: '路人甲' },
  outsider: { persona: 'outsider', userId: 'sec2', name: '孙书记' },
};

/** The role the dispatcher sees for a persona. */
export function roleOf(p: Persona): Role {
  return p === 'outsider' ? 'secretary' : p;
}

/** Names only 第一支部's officers (and the people themselves) may see in a private answer. */
export const UNIT1_PRIVATE_NAMES = ['周委员', '陈红', '吴积极', '郑群众'] as const;
export { HOUSEHOLD };

/** The group chat bound to 第一支部. */
export const WORLD_GROUP = 'g1';

/**
 * A test core with a populated organisation: every persona, meeting #1 (held, closed) with
 * 补签 request #1, meeting #2 whose check-in window is open, notice #1 sent to g1, 陈红 a
 * volunteer, and need #1 with a household on record. Every number the commands' examples use is 1.
 */
export async function createWorld(opts: { env?: Record<string, string> } = {}): Promise<TestCore> {
  const t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY, ...opts.env } });
  at(t, '2026-12-01 10:00');
  const code = await setupBranch(t, { title: '书记' });
  await t.say({ from: 'sec', text: `加入 ${code} 王书记` });
  const titles: [Persona, string][] = [
    ['committee', '委员'],
    ['member', '党员'],
    ['activist', '积极分子'],
    ['masses', '群众'],
  ];
  for (const [p, title] of titles)
    await addMember(t, { userId: PERSONAS[p].userId, name: PERSONAS[p].name, unit: '第一支部', title });
  await t.say({ from: 'admin', text: '建组织 第二支部 泰山区某社区党委' });
  await t.say({ from: 'admin', chat: 'g2', text: '绑定 第二支部' });
  await addMember(t, { userId: 'sec2', name: '孙书记', unit: '第二支部', title: '书记' });

  await expectReply(t, { from: 'sec', chat: WORLD_GROUP, text: '会议 党员大会 2026-12-01 11:00 党员活动室' }, /#1/);
  at(t, '2026-12-01 12:00');
  await expectReply(t, { from: 'mem', text: '补签 1 手机没电，实际按时参会' }, /#1/);
  await expectReply(t, { from: 'sec', chat: WORLD_GROUP, text: '会议 党课 2026-12-01 12:20 党员活动室' }, /#2/);
  await expectReply(
    t,
    { from: 'sec', chat: WORLD_GROUP, text: '通知 周五下午3点在党员活动室集中学习' },
    /预览|草稿|确认发送/,
  );
  await expectReply(t, { from: 'sec', chat: WORLD_GROUP, text: '确认发送' }, /通知 #1/);
  await expectReply(t, { from: 'mem', text: '志愿者 护理,买菜 阳光小区 周末' }, /志愿者/);
  await needWithHousehold(t);
  t.core.deps.cache.invalidate();
  return t;
}

async function expectReply(t: TestCore, input: Parameters<TestCore['say']>[0], re: RegExp): Promise<void> {
  const reply = await t.say(input);
  if (!re.test(reply)) throw new Error(`world setup: "${input.text}" answered: ${reply}`);
}
