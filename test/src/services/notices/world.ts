import { DomainError } from '../../../../src/contracts/errors.js';
import { Work } from '../../../../src/contracts/work.js';
import { loadSender, type Sender } from '../../../../src/services/org/identity.js';
import { UnitTree, type Unit } from '../../../../src/services/org/units.js';
import type { NoticeTexts } from '../../../../src/services/notices/texts.js';
import { createTestCore, dropInviteNotices, inviteCode, type TestCore } from '../../../helpers/core.js';

/**
 * A 党委 with two branches, built through the chat commands: 第一支部 has two bound chats, a
 * secretary (sec1) and two members; 第二支部 one chat and one member. The services are then called
 * directly, over the same database.
 */
export async function noticeWorld(): Promise<TestCore> {
  const t = await createTestCore();
  const say = (from: string, text: string, chat?: string) => t.say({ from, text, chat });
  await say('admin', '建组织 泰山区某社区党委');
  for (const n of ['第一支部', '第二支部']) await say('admin', `建组织 ${n} 泰山区某社区党委`);
  await say('admin', '绑定 第一支部', 'g1');
  await say('admin', '绑定 第一支部', 'g1b');
  await say('admin', '绑定 第二支部', 'g2');
  const people: [string, string, string, string][] = [
    ['第一支部', '书记', 'sec1', '王书记'],
    ['第一支部', '党员', 'u1', '张三'],
    ['第一支部', '党员', 'u2', '李四'],
    ['第二支部', '党员', 'u3', '王五'],
  ];
  for (const [unit, title, from, name] of people) {
    const code = inviteCode(await say('admin', `邀请 ${title} ${unit}`));
    await say(from, `加入 ${code} ${name}`);
  }
  await dropInviteNotices(t);
  return t;
}

/** What the services need for one person: the unit tree, the sender and a fresh unit of work. */
export async function as(t: TestCore, userId: string): Promise<{ tree: UnitTree; sender: Sender; work: Work }> {
  const db = t.store.db;
  return {
    tree: await UnitTree.load(db),
    sender: await loadSender(db, t.core.deps.admins, 'playground', userId, undefined),
    work: new Work(db, t.clock.now()),
  };
}

export function unit(tree: UnitTree, name: string): Unit {
  const u = tree.findByName(name);
  if (!u) throw new Error(`no unit ${name}`);
  return u;
}

/** Commits a unit of work, as the dispatcher does after a command. */
export async function commit(t: TestCore, work: Work): Promise<void> {
  if (work.writes.length) await t.store.batch(work.writes);
}

/** The code and parameters a call was refused with. */
export async function refusal(p: Promise<unknown>): Promise<{ code: string; params: object }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(err)}`);
  return { code: err.code, params: err.params };
}

/** Texts that show what the services hand them, so the rows can be checked without the Chinese wording. */
export const echoTexts: NoticeTexts = {
  notice: (n) => JSON.stringify(['notice', n]),
  chase: (c) => JSON.stringify(['chase', c]),
  chaseMore: (c) => JSON.stringify(['chaseMore', c]),
  chaseDirect: (c) => JSON.stringify(['chaseDirect', c]),
  withdrawn: (c) => JSON.stringify(['withdrawn', c]),
};
