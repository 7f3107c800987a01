import { Relay } from '../../src/outbox/relay.js';
import { defaultRelaySettings } from '../../src/contracts/config/relay.js';
import { memoryLogger } from '../../src/contracts/log.js';
import { dropInviteNotices, inviteCode } from './core.js';
import type { LarkTest } from './lark.js';

// A notice world on Feishu for the issue 20 tests: units, bound Lark groups, members with Lark
// accounts, and a relay without pacing over the real Lark deliverer and the loopback fake.

export const BOT = { openId: 'ou_bot', name: '先锋助手' };

/** A message in a Lark group, addressed to the bot. */
export function inGroup(l: LarkTest, chat: string, from: string, text: string): Promise<string> {
  return l.sayText({ from, chat, text: `@_user_1 ${text}`, mentions: [BOT] });
}

export interface Branch {
  name: string;
  chat: string;
  /** [open_id, name] */
  members: (readonly [string, string])[];
}

/** Creates the units (under `parent` when given), binds their groups and lets their members join. */
export async function larkBranches(l: LarkTest, branches: readonly Branch[], parent?: string): Promise<void> {
  if (parent) await l.say({ from: 'ou_admin', text: `建组织 ${parent}` });
  for (const b of branches) {
    await l.say({ from: 'ou_admin', text: `建组织 ${b.name}${parent ? ` ${parent}` : ''}` });
    await inGroup(l, b.chat, 'ou_admin', `绑定 ${b.name}`);
    for (const [who, name] of b.members) {
      const code = inviteCode(await inGroup(l, b.chat, 'ou_admin', '邀请'));
      await l.say({ from: who, text: `加入 ${code} ${name}` });
    }
  }
  await dropInviteNotices(l.t);
}

/** The members of the one-branch worlds: 张三, 李四 and 王五 on Feishu. */
export const THREE_MEMBERS: Branch['members'] = [
  ['ou_u1', '张三'],
  ['ou_u2', '李四'],
  ['ou_u3', '王五'],
];

/** 第一支部, bound to the Lark group oc_g1, with `members`. */
export function firstBranch(l: LarkTest, members: Branch['members'] = THREE_MEMBERS): Promise<void> {
  return larkBranches(l, [{ name: '第一支部', chat: 'oc_g1', members }]);
}

/** 周九 joins 第一支部 through the playground: no Feishu account, so no notice can reach him there. */
export async function joinWithoutFeishu(l: LarkTest): Promise<void> {
  const code = inviteCode(await inGroup(l, 'oc_g1', 'ou_admin', '邀请'));
  await l.t.say({ from: 'pg_zhou', text: `加入 ${code} 周九` });
  await dropInviteNotices(l.t);
}

/** A relay over the Lark deliverer with no pacing: every due row goes in one round. */
export function larkRelay(l: LarkTest): Relay {
  return new Relay({
    db: l.t.store.db,
    deliverers: [l.adapter.deliverer],
    clock: l.t.clock,
    settings: defaultRelaySettings(),
    limits: new Map(),
    log: memoryLogger(),
  });
}

/** Feishu's message_id of the card of notice `id` sent to `chat`. */
export function noticeCardId(l: LarkTest, chat: string): string {
  const card = l.fake.sent.find((s) => s.msgType === 'interactive' && s.receiveId === chat);
  if (!card) throw new Error(`no notice card in ${chat}`);
  return card.messageId;
}
