import type { Mention } from '../../src/contracts/message.js';
import { DINGTALK_MARKDOWN_MIN_LINES, DINGTALK_TEXT_MAX_CHARS } from './constants.js';

/** Ids DingTalk takes in atUserIds (staff ids); anything else is named in plain text only. */
const SAFE_ID = /^[A-Za-z0-9_$:-]{1,128}$/;

/** A message ready for one of DingTalk's send paths. */
export interface Rendered {
  /** Markdown (title + text) or plain text. */
  markdown: boolean;
  title: string;
  text: string;
  /** Staff ids to @ (robot webhooks and sessionWebhooks only; the robot API cannot @). */
  atUserIds: string[];
}

function clip(text: string): string {
  return text.length > DINGTALK_TEXT_MAX_CHARS ? `${text.slice(0, DINGTALK_TEXT_MAX_CHARS)}…` : text;
}

/**
 * Writes mentions as DingTalk requires them: each person in `atUserIds` and "@<staffId>" in the
 * text (DingTalk shows it as the name). "@name" the core wrote becomes "@<staffId>"; people the
 * text does not name are mentioned in front. With `canAt` false (the robot API) the names stay.
 */
export function withMentions(
  text: string,
  mentions: readonly Mention[],
  canAt: boolean,
): Omit<Rendered, 'markdown' | 'title'> {
  const people = new Map<string, Mention>();
  for (const m of mentions) if (SAFE_ID.test(m.id) && !people.has(m.id)) people.set(m.id, m);
  if (!canAt || people.size === 0) return { text, atUserIds: [] };
  const spelled = (m: Mention) => (m.name ? `@${m.name}` : '');
  const front = [...people.values()].filter((m) => !spelled(m) || !text.includes(spelled(m)));
  // Longer names first, so "@张三" does not eat the start of "@张三丰".
  const inline = [...people.values()].filter((m) => !front.includes(m)).sort((a, b) => b.name.length - a.name.length);
  let out = text;
  for (const m of inline) out = out.split(spelled(m)).join(`@${m.id}`);
  if (front.length) out = `${front.map((m) => `@${m.id}`).join(' ')} ${out}`;
  return { text: out, atUserIds: [...people.keys()] };
}

/** Markdown that shows the text as typed: line breaks kept, a leading # or > not read as markup. */
function asMarkdown(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/^(\s*)([#>])/, '$1\\$2'))
    .join('  \n');
}

/**
 * How a text reads best: a notice (with its title) or anything of several lines as markdown with
 * the first line bold; short texts as plain text.
 */
export function render(
  text: string,
  mentions: readonly Mention[],
  o: { canAt: boolean; title?: string | null },
): Rendered {
  const { text: body, atUserIds } = withMentions(clip(text), mentions, o.canAt);
  const lines = body.split('\n');
  const markdown = !!o.title || lines.length >= DINGTALK_MARKDOWN_MIN_LINES;
  if (!markdown) return { markdown: false, title: '', text: body, atUserIds };
  const title = (o.title?.trim() || lines[0]!.trim() || '通知').slice(0, 64);
  const rest = o.title ? body : lines.slice(1).join('\n');
  return { markdown: true, title, text: `**${asMarkdown(title)}**\n\n${asMarkdown(rest)}`, atUserIds };
}

/** The robot API's msgKey + msgParam (JSON string) for a rendered message. */
export function apiMessage(r: Rendered): { msgKey: string; msgParam: string } {
  return r.markdown
    ? { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title: r.title, text: r.text }) }
    : { msgKey: 'sampleText', msgParam: JSON.stringify({ content: r.text }) };
}

/** The body a custom robot or a sessionWebhook takes for a rendered message. */
export function webhookMessage(r: Rendered): Record<string, unknown> {
  const at = { atUserIds: r.atUserIds, isAtAll: false };
  return r.markdown
    ? { msgtype: 'markdown', markdown: { title: r.title, text: r.text }, at }
    : { msgtype: 'text', text: { content: r.text }, at };
}
