import type { impls, Wechaty } from 'wechaty';
import { DeliveryError } from '../../src/contracts/errors.js';
import type { Mention } from '../../src/contracts/message.js';

type Contact = impls.ContactInterface;

/** What a room message becomes: the text, the people to @-mention for real, and names only listed. */
export interface MentionPlan {
  text: string;
  mention: Mention[];
  listed: string[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Plans the mentions of one room message: at most `max` people are mentioned for real (Wechaty
 * puts "@name" + U+2005 in front of the text for each); an "@name" the text already spells for
 * one of them is taken out so nobody is named twice; the people beyond `max` are listed by name
 * at the end, without "@", so a message never mass-mentions.
 */
export function planMentions(text: string, mentions: readonly Mention[], max: number): MentionPlan {
  const people: Mention[] = [];
  for (const m of mentions) if (m.id && !people.some((p) => p.id === m.id)) people.push(m);
  const mention = people.slice(0, Math.max(0, max));
  const listed = people.slice(mention.length).map((m) => m.name || m.id);
  let out = text;
  for (const m of mention) {
    if (m.name) out = out.replace(new RegExp(`@${escape(m.name)}(?=[\\s\\u2005]|$)[ \\u2005]?`, 'g'), '');
  }
  out = out.replace(/[ \t]{2,}/g, ' ').trim();
  if (listed.length) out += `\n另有：${listed.join('、')}`;
  return { text: out, mention, listed };
}

/** Says `text` in a room, mentioning `mentions` (capped at `maxMentions`) as real WeChat mentions. */
export async function sayInRoom(
  bot: Wechaty,
  roomId: string,
  text: string,
  mentions: readonly Mention[],
  maxMentions: number,
): Promise<void> {
  const room = await bot.Room.find({ id: roomId });
  if (!room) throw new DeliveryError(`WeChat room ${roomId} not found`);
  const plan = planMentions(text, mentions, maxMentions);
  const contacts: Contact[] = [];
  const unknown: string[] = [];
  for (const m of plan.mention) {
    const c = await bot.Contact.find({ id: m.id });
    if (c) contacts.push(c);
    else unknown.push(`@${m.name || m.id}`);
  }
  // Someone the account cannot resolve is still named, in plain text.
  const body = unknown.length ? `${unknown.join(' ')} ${plan.text}` : plan.text;
  if (contacts.length) await room.say(body, ...contacts);
  else await room.say(body);
}

/** Says `text` to one person in a direct chat. */
export async function sayToContact(bot: Wechaty, contactId: string, text: string): Promise<void> {
  const contact = await bot.Contact.find({ id: contactId });
  if (!contact) throw new DeliveryError(`WeChat contact ${contactId} not found`);
  await contact.say(text);
}
