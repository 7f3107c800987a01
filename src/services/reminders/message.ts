import type { PlatformCapabilities } from '../../contracts/adapter.js';
import type { Mention } from '../../contracts/message.js';
import type { Person } from '../meetings/attendance.js';
import { windowOf, type Meeting } from '../meetings/meetings.js';
import type { ReminderTexts } from './texts.js';
import type { ZoneClock } from './zone-clock.js';

// What a reminder says in one chat. Computed when it fires, so the people it names are those who
// have neither checked in nor asked for leave at that moment.

export interface ReminderMessageInput {
  meeting: Meeting;
  unitName: string;
  timeZone: string;
  now: Date;
  /** Expected members of this chat's units with no check-in and no leave, in roster order. */
  pending: readonly Person[];
  /** Account ids of people on this chat's platform (member id → user id). */
  accounts: ReadonlyMap<string, string>;
  /** What the chat's platform allows; unknown platforms get no mentions. */
  platform: PlatformCapabilities | undefined;
  /** REMINDER_MENTION_CAP: the upper bound whatever the platform allows. */
  mentionCap: number;
  namesMax: number;
  /** Formatter cache for the pass (one Intl formatter per zone). */
  clock: ZoneClock;
  texts: ReminderTexts;
}

/** Most people one reminder in a chat of `platform` may @-mention (0 where broadcasts must not mention). */
export function reminderMentionCap(platform: PlatformCapabilities | undefined, cap: number): number {
  return platform?.mentionsInBroadcasts ? Math.min(cap, platform.maxMentions) : 0;
}

/** The reminder's text and the people it @-mentions: the first of `pending` with an account, up to the cap. */
export function reminderMessage(input: ReminderMessageInput): { text: string; mentions: Mention[] } {
  const cap = reminderMentionCap(input.platform, input.mentionCap);
  const mentions: Mention[] = [];
  const others: string[] = [];
  for (const p of input.pending) {
    const id = cap > 0 ? input.accounts.get(p.id) : undefined;
    if (id && mentions.length < cap) mentions.push({ id, name: p.name });
    else others.push(p.name);
  }
  const text = input.texts.reminder({
    meeting: input.meeting,
    unitName: input.unitName,
    timeZone: input.timeZone,
    now: input.now,
    checkinOpensAt: windowOf(input.meeting).opensAt,
    pendingCount: input.pending.length,
    mentioned: mentions,
    others,
    namesMax: input.namesMax,
    parts: input.clock.parts,
  });
  return { text, mentions };
}
