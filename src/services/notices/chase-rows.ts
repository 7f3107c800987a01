import type { EscalationChannel, PlatformCapabilities } from '../../contracts/adapter.js';
import type { OutboxMessage } from '../../outbox/enqueue.js';
import type { MemberRecord } from '../org/identity.js';
import type { Unit } from '../org/units.js';
import type { boundChats, Notice } from './audience.js';
import { NOTICE_CHASE_KIND, NOTICE_ESCALATE_KIND, noticePayload } from './notices.js';
import type { NoticeMessage } from './reads.js';
import type { NoticeTexts } from './texts.js';

// The outbox rows of the 催办 ladder's direct and escalation steps (chase.ts takes the steps).

/** Most people one escalation row presses (the payload schema's bound). */
const ESCALATE_PER_ROW = 500;

export interface Ctx {
  notice: Notice;
  seq: number;
  accounts: Map<string, string>;
  messages: NoticeMessage[];
  platforms: ReadonlyMap<string, PlatformCapabilities>;
  texts: NoticeTexts;
  chats: Awaited<ReturnType<typeof boundChats>>;
  /** The sending unit's zone, for the time a refusal names. */
  timeZone: string;
}

/** The platform of the unit's chats on which a member has an account (the first one), with the user id. */
export function accountIn(c: Ctx, u: Unit, m: MemberRecord): { platform: string; userId: string } | undefined {
  for (const chat of c.chats.filter((x) => x.unitId === u.id)) {
    const userId = c.accounts.get(`${chat.platform}\u0000${m.id}`);
    if (userId) return { platform: chat.platform, userId };
  }
  return undefined;
}

export function directRow(c: Ctx, u: Unit, to: { platform: string; userId: string }): OutboxMessage {
  const { id, title } = c.notice;
  return {
    platform: to.platform,
    chatId: to.userId,
    direct: true,
    kind: NOTICE_CHASE_KIND,
    ref: `${id}.${c.seq}.d`,
    text: c.texts.chaseDirect({ id, title, unitName: u.name, body: c.notice.body }),
    payload: noticePayload(c.notice),
    unitId: u.id,
  };
}

/**
 * The delivered message to press a person about: their latest direct reminder, else the notice in
 * their unit's chat.
 */
function messageFor(c: Ctx, u: Unit, to: { platform: string; userId: string }): NoticeMessage | undefined {
  const mine = c.messages.filter((m) => m.platform === to.platform);
  const direct = mine.filter((m) => m.direct && m.chatId === to.userId).at(-1);
  const chatIds = new Set(c.chats.filter((x) => x.unitId === u.id && x.platform === to.platform).map((x) => x.chatId));
  return direct ?? mine.find((m) => !m.direct && m.kind === 'notice' && chatIds.has(m.chatId));
}

/** Escalation rows (kind notice.escalate) pressing `people` on `channel`, one per message pressed. */
export function escalationRows(
  c: Ctx,
  u: Unit,
  people: readonly MemberRecord[],
  channel: EscalationChannel,
): { rows: OutboxMessage[]; done: MemberRecord[]; missed: MemberRecord[] } {
  const groups = new Map<
    string,
    { msg: NoticeMessage | undefined; platform: string; chatId: string; direct: boolean; ids: string[] }
  >();
  const done: MemberRecord[] = [];
  const missed: MemberRecord[] = [];
  for (const m of people) {
    const to = accountIn(c, u, m);
    if (!to || !c.platforms.get(to.platform)?.escalation?.includes(channel)) {
      missed.push(m);
      continue;
    }
    const msg = messageFor(c, u, to);
    const key = `${to.platform}\u0000${msg?.outboxId ?? `u:${to.userId}`}`;
    const g = groups.get(key) ?? {
      msg,
      platform: to.platform,
      chatId: msg?.chatId ?? to.userId,
      direct: msg?.direct ?? true,
      ids: [],
    };
    g.ids.push(to.userId);
    groups.set(key, g);
    done.push(m);
  }
  const { id, title } = c.notice;
  const rows: OutboxMessage[] = [];
  for (const g of groups.values()) {
    for (let i = 0; i < g.ids.length; i += ESCALATE_PER_ROW) {
      const userIds = g.ids.slice(i, i + ESCALATE_PER_ROW);
      rows.push({
        platform: g.platform,
        chatId: g.chatId,
        direct: g.direct,
        kind: NOTICE_ESCALATE_KIND,
        ref: `${id}.${c.seq}.${channel}.${rows.length + 1}`,
        text: c.texts.chaseDirect({ id, title, unitName: u.name, body: c.notice.body }),
        payload: {
          ...noticePayload(c.notice),
          escalate: { platformMessageId: g.msg?.platformMessageId ?? null, userIds, channel },
        },
        unitId: u.id,
      });
    }
  }
  return { rows, done, missed };
}
