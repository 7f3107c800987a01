import type { Mention } from '../../src/contracts/message.js';

/** Ids that can be put inside an `<at>` tag without breaking out of it. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Stops text people typed (names, notice bodies) from forming `<at …>` tags of its own. */
export function neutralizeAt(text: string): string {
  return text.replace(/<(\/?at\b)/gi, '＜$1');
}

/**
 * Puts mentions into text: every "@name" of a mentioned person becomes `tag(mention)`; people
 * the text does not name are mentioned in front, as a person typing in the chat would.
 */
export function withMentions(text: string, mentions: readonly Mention[], tag: (m: Mention) => string): string {
  const original = neutralizeAt(text);
  const people = new Map<string, Mention>();
  for (const m of mentions)
    if (SAFE_ID.test(m.id) && !people.has(m.id)) people.set(m.id, { id: m.id, name: neutralizeAt(m.name) });
  const spelled = (m: Mention) => (m.name ? `@${m.name}` : '');
  const front = [...people.values()].filter((m) => !spelled(m) || !original.includes(spelled(m)));
  // Longer names first, so "@张三" does not eat the start of "@张三丰".
  const inline = [...people.values()].filter((m) => !front.includes(m)).sort((a, b) => b.name.length - a.name.length);
  let out = original;
  for (const m of inline) out = out.split(spelled(m)).join(tag(m));
  return front.length ? `${front.map(tag).join(' ')} ${out}` : out;
}

/** The `content` of a text message, with mentions as `<at user_id="ou_x">name</at>`. */
export function textContent(text: string, mentions: readonly Mention[] = []): string {
  return JSON.stringify({ text: withMentions(text, mentions, (m) => `<at user_id="${m.id}">${m.name}</at>`) });
}

/** Text for a card's lark_md block, with mentions as `<at id="ou_x"></at>`. */
export function cardMarkdown(text: string, mentions: readonly Mention[] = []): string {
  return withMentions(text, mentions, (m) => `<at id="${m.id}"></at>`);
}
