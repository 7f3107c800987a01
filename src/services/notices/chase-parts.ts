import { DEFAULT_MAX_TEXT_CHARS, type PlatformCapabilities } from '../../contracts/adapter.js';
import type { Mention } from '../../contracts/message.js';
import type { MemberRecord } from '../org/identity.js';
import type { NoticeTexts } from './texts.js';

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
}): ChasePart[] {
  const { id, title, pending, texts } = input;
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
    texts.chase({ id, title, pending: pending.length, mentioned: mentions.length, named: named.slice(0, k) });
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
