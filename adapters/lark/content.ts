// Text out of the `content` JSON string of an incoming message.
import type { LarkMention } from './payloads.js';

type Json = Record<string, unknown>;

function parse(content: string): Json | null {
  try {
    const v: unknown = JSON.parse(content);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A message's text, `@_…` keys kept for mention mapping, and the mentions it carries itself. */
export interface MessageContent {
  text: string;
  /**
   * Mentions named by a post's `at` elements that carry the person's id (`"user_id": "ou_…"`)
   * rather than a `@_user_N` key, which Feishu's documentation and the SDK's tests show and which
   * come without an entry in the event's `mentions` array. Each has a key (`@_at_N`) in `text`.
   */
  mentions: LarkMention[];
}

/** Reads one post's `at` elements: a `@_user_N` key as is, an id as a mention of its own. */
class AtReader {
  readonly extra: LarkMention[] = [];

  constructor(private readonly known: readonly LarkMention[]) {}

  text(el: Json): string {
    const id = str(el.user_id);
    if (id.startsWith('@_')) return id;
    if (id === 'all' || id === 'all_members') return '@_all';
    const name = str(el.user_name);
    if (!id) return name ? `@${name}` : '';
    // The event's own entry for this person, when it has one, keeps its key (the SDK does the same).
    const listed = this.known.find((m) => m.id.open_id === id || m.id.user_id === id || m.id.union_id === id);
    if (listed) return listed.key;
    let m = this.extra.find((x) => Object.values(x.id).includes(id));
    if (!m) {
      const ids = id.startsWith('ou_') ? { open_id: id } : id.startsWith('on_') ? { union_id: id } : { user_id: id };
      m = { key: `@_at_${this.extra.length + 1}`, id: ids, name };
      this.extra.push(m);
    }
    return m.key;
  }
}

/** One element of a post paragraph as plain text. */
function elementText(el: unknown, at: AtReader): string {
  if (el === null || typeof el !== 'object') return '';
  const e = el as Json;
  switch (e.tag) {
    case 'text':
    case 'md':
    case 'code_block':
      return str(e.text);
    case 'a':
      return str(e.text) || str(e.href);
    case 'at':
      return at.text(e);
    default:
      return ''; // images, media, emotions, rules carry no command text
  }
}

/** The text of a post (rich text): the title, then one line per paragraph. */
export function postContent(post: Json, known: readonly LarkMention[] = []): MessageContent {
  // Received posts carry { title, content }; some payloads wrap that in a locale (zh_cn, en_us…).
  let body: Json = post;
  if (!Array.isArray(post.content)) {
    const inner = Object.values(post).find(
      (v) => v !== null && typeof v === 'object' && Array.isArray((v as Json).content),
    );
    if (!inner) return { text: '', mentions: [] };
    body = inner as Json;
  }
  const at = new AtReader(known);
  const lines = (body.content as unknown[]).map((para) =>
    Array.isArray(para) ? para.map((el) => elementText(el, at)).join('') : '',
  );
  const title = str(body.title).trim();
  return { text: [...(title ? [title] : []), ...lines].join('\n').trim(), mentions: at.extra };
}

/** The text of a post, mention keys kept. */
export const postText = (post: Json): string => postContent(post).text;

/**
 * The text of a text or post message and the mentions its content names beyond the event's
 * `mentions` array (`known`), or null for message types the bot does not read.
 */
export function messageContent(
  messageType: string,
  content: string,
  known: readonly LarkMention[] = [],
): MessageContent | null {
  const json = parse(content);
  if (!json) return null;
  if (messageType === 'text') return { text: str(json.text), mentions: [] };
  if (messageType === 'post') return postContent(json, known);
  return null;
}

/** The text alone (see messageContent). */
export function messageText(messageType: string, content: string): string | null {
  return messageContent(messageType, content)?.text ?? null;
}
