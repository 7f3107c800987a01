import { DEFAULT_MAX_TEXT_CHARS, type PlatformCapabilities } from '../../contracts/adapter.js';
import type { Mention } from '../../contracts/message.js';
import type { MemberRecord } from '../org/identity.js';
import type { OutboxMessage } from '../../outbox/enqueue.js';
import { NOTICE_CHASE_KIND, noticePayload } from './notices.js';
import type { Due, NoticeTexts } from './texts.js';

// A 催办 in one chat, cut to what the platform takes: at most maxMentions people @-mentioned, the
// others by name in the same message up to maxTextChars, and the names that do not fit in as many
// follow-up messages as they need (20,000 unconfirmed members once made one 637 KB outbox row).

/** One message of a chat's chase. */
export interface ChasePart {
  text: string;
  mentions: Mention[];
}

/** The largest k in [min, n] for which fits(k) holds (fits is monotone); `min` when none does. */
function largest(n: number, min: number, fits: (k: number) => boolean): number {
  let lo = min;
  let hi = n;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The messages of one chat's chase: `pending` in roster order, `accountOf` their user ids on the
 * chat's platform. The first message mentions the first maxMentions people with an account and
 * names others; each later one names the next people and no one is left out.
 */
export function chaseParts(input: {
  id: number;
  title: string | null;
  pending: readonly MemberRecord[];
  accountOf: (memberId: string) => string | undefined;
  platform: PlatformCapabilities | undefined;
  texts: NoticeTexts;
  due?: Due;
}): ChasePart[] {
  const { id, title, pending, texts } = input;
  const due = input.due ? { due: input.due } : {};
  const cap = input.platform?.maxMentions ?? 0;
  const max = input.platform?.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;
  const mentions: Mention[] = [];
  const named: string[] = [];
  for (const m of pending) {
    const userId = mentions.length < cap ? input.accountOf(m.id) : undefined;
    if (userId) mentions.push({ id: userId, name: m.name });
    else named.push(m.name);
  }
  const first = (k: number) =>
    texts.chase({ id, title, pending: pending.length, mentioned: mentions.length, named: named.slice(0, k), ...due });
  let taken = largest(named.length, 0, (k) => first(k).length <= max);
  const parts: ChasePart[] = [{ text: first(taken), mentions }];
  while (taken < named.length) {
    const from = taken;
    const more = (k: number) => texts.chaseMore({ id, part: parts.length + 1, named: named.slice(from, from + k) });
    // At least one name per message, so that a name longer than the limit cannot stop the loop.
    const k = largest(named.length - from, 1, (n) => more(n).length <= max);
    parts.push({ text: more(k), mentions: [] });
    taken += k;
  }
  return parts;
}

/**
 * Step 1 of the 催办 ladder in one unit's chats, also the reminder before a deadline (with `due`):
 * per chat, the @ of the unconfirmed with an account there and the names of the others. The first
 * part of each chat keys on `ref`, later parts on `ref.N`.
 */
export function groupChaseRows(input: {
  notice: { id: number; title: string | null };
  ref: string;
  unitId: string;
  chats: readonly { platform: string; chatId: string }[];
  pending: readonly MemberRecord[];
  /** "platform\u0000memberId" → user id. */
  accounts: ReadonlyMap<string, string>;
  platforms: ReadonlyMap<string, PlatformCapabilities>;
  texts: NoticeTexts;
  due?: Due;
}): OutboxMessage[] {
  const { notice, ref } = input;
  return input.chats.flatMap((chat) =>
    chaseParts({
      id: notice.id,
      title: notice.title,
      pending: input.pending,
      accountOf: (memberId) => input.accounts.get(`${chat.platform}\u0000${memberId}`),
      platform: input.platforms.get(chat.platform),
      texts: input.texts,
      ...(input.due ? { due: input.due } : {}),
    }).map((p, i) => ({
      platform: chat.platform,
      chatId: chat.chatId,
      kind: NOTICE_CHASE_KIND,
      ref: i === 0 ? ref : `${ref}.${i + 1}`,
      text: p.text,
      mentions: p.mentions,
      payload: noticePayload(notice),
      unitId: input.unitId,
    })),
  );
}
