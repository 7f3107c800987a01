// Text out of the `content` JSON string of an incoming message.

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

/** One element of a post paragraph as plain text; `@_user_N` keys are kept for mention mapping. */
function elementText(el: unknown): string {
  if (el === null || typeof el !== 'object') return '';
  const e = el as Json;
  switch (e.tag) {
    case 'text':
    case 'md':
    case 'code_block':
      return str(e.text);
    case 'a':
      return str(e.text) || str(e.href);
    case 'at': {
      const id = str(e.user_id);
      if (id.startsWith('@_')) return id;
      if (id === 'all') return '@_all';
      return `@${str(e.user_name) || id}`;
    }
    default:
      return ''; // images, media, emotions, rules carry no command text
  }
}

/** The text of a post (rich text): the title, then one line per paragraph. */
export function postText(post: Json): string {
  // Received posts carry { title, content }; some payloads wrap that in a locale (zh_cn, en_us…).
  let body: Json = post;
  if (!Array.isArray(post.content)) {
    const inner = Object.values(post).find(
      (v) => v !== null && typeof v === 'object' && Array.isArray((v as Json).content),
    );
    if (!inner) return '';
    body = inner as Json;
  }
  const lines = (body.content as unknown[]).map((para) => (Array.isArray(para) ? para.map(elementText).join('') : ''));
  const title = str(body.title).trim();
  return [...(title ? [title] : []), ...lines].join('\n').trim();
}

/** The text of a text or post message, or null for message types the bot does not read. */
export function messageText(messageType: string, content: string): string | null {
  const json = parse(content);
  if (!json) return null;
  if (messageType === 'text') return str(json.text);
  if (messageType === 'post') return postText(json);
  return null;
}
