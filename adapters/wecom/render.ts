import type { Mention } from '../../src/contracts/message.js';
import { WECOM_MAX_MENTIONS } from './constants.js';

/** User ids that can be put inside `<@…>` without breaking out of it. */
const SAFE_ID = /^[A-Za-z0-9_.@-]{1,128}$/;

/** Stops text people typed from forming `<@userid>` mentions of its own. */
export function neutralizeAt(text: string): string {
  return text.replace(/<@/g, '＜@');
}

/** The people a message may mention: valid ids, once each, at most WECOM_MAX_MENTIONS. */
export function mentionable(mentions: readonly Mention[]): Mention[] {
  const out = new Map<string, Mention>();
  for (const m of mentions) if (SAFE_ID.test(m.id) && !out.has(m.id)) out.set(m.id, m);
  return [...out.values()].slice(0, WECOM_MAX_MENTIONS);
}

/**
 * Markdown with real mentions: every "@name" of a mentioned person becomes `<@userid>`, and
 * people the text does not name are mentioned in front, as a person typing would.
 */
export function markdownWithMentions(text: string, mentions: readonly Mention[]): string {
  let out = neutralizeAt(text);
  const people = mentionable(mentions);
  const front: Mention[] = [];
  // Longer names first, so "@张三" does not eat the start of "@张三丰".
  for (const m of [...people].sort((a, b) => b.name.length - a.name.length)) {
    const spelled = m.name ? `@${m.name}` : '';
    if (spelled && out.includes(spelled)) out = out.split(spelled).join(`<@${m.id}>`);
    else front.push(m);
  }
  const lead = people.filter((m) => front.includes(m));
  return lead.length ? `${lead.map((m) => `<@${m.id}>`).join(' ')} ${out}` : out;
}

/** Cuts a UTF-8 string to at most `max` bytes (whole characters), marking the cut with "…". */
export function cutBytes(text: string, max: number): string {
  const enc = new TextEncoder();
  if (enc.encode(text).length <= max) return text;
  let out = '';
  let used = 0;
  const room = max - 3; // "…" is three bytes
  for (const ch of text) {
    const n = enc.encode(ch).length;
    if (used + n > room) break;
    out += ch;
    used += n;
  }
  return `${out}…`;
}
