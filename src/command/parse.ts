import type { Mention } from '../contracts/message.js';

/** Names the bot answers to when addressed at the start of a message ("@先锋助手 签到"). */
export const BOT_NAMES = ['先锋助手', '先锋', 'pioneer', 'bot'];

/** Commands longer than this are not commands; they are answered without being tokenized. */
export const MAX_COMMAND_CHARS = 2000;

export interface ParsedCommand {
  /** The command word as typed, lower-cased for ASCII. */
  word: string;
  /** Positional arguments (quotes removed; mentions left as "@name"). */
  args: string[];
  /**
   * `args` as people wrote them: the same tokens with their Chinese punctuation (，：（）…“”) kept,
   * for free text that is stored (a reason, a description); absent when the two cannot be lined up.
   */
  written?: string[];
  /** The text after the command word, trimmed, for commands that take free text. */
  rest: string;
  /** Mentions of people among the arguments, in order, resolved against the message's mentions. */
  mentions: Mention[];
  /**
   * The whole command as parsed (normalised, without the leading @bot, "/" and closing
   * punctuation), which phrasings are matched against (src/command/phrasing.ts).
   */
  text?: string;
  /** The message addressed the bot: a leading @bot was dropped, or the platform said it was mentioned. */
  addressed?: boolean;
  /**
   * How the command was recognised when not by its word: a whole-message saying (「收到了」), a
   * tentative one that counts only when the command finds something to do (「1」), or its word
   * glued to the first argument (「签到14」). Absent for the plain form.
   */
  via?: 'saying' | 'tentative' | 'glued';
}

/**
 * Closing punctuation that does not change what a command means (「收到。」「签到！」「请假 12 外出。」),
 * after full-width forms became ASCII; a question mark is kept, since 「收到？」 asks.
 */
const CLOSING = new Set([...' \t\n。.!~,、;…']);

/** `text` without closing punctuation; a loop from the end, so it stays linear on any input. */
function withoutClosing(text: string): string {
  let end = text.length;
  while (end > 0 && CLOSING.has(text[end - 1]!)) end--;
  return text.slice(0, end);
}

// Invisible characters: zero-width, bidi controls, line/paragraph separators, BOM.
const ZERO_WIDTH = /[\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/g;
// Control characters other than tab and newline; U+2005 (WeChat's mention separator) becomes a space.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * Canonical form of chat text: full-width forms to ASCII (NFKC), curly quotes to straight ones,
 * zero-width and control characters removed, whitespace collapsed. Invisible characters go
 * before NFKC so that a letter and its combining mark split by one still compose, which keeps
 * the result stable (normalising twice changes nothing).
 */
export function normalizeText(text: string): string {
  // 「…」 stays one character (NFKC would make it three dots), so the written form lines up.
  const nfkc = visible(text)
    .split('…')
    .map((part) => part.normalize('NFKC'))
    .join('…');
  return collapse(nfkc.replace(DOUBLE_QUOTES, '"').replace(SINGLE_QUOTES, "'"));
}

const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u300C\u300D\u300E\u300F]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B]/g;

/**
 * Chinese punctuation people write in free text, kept as written there (「陪同买菜，王秀英…」); each
 * becomes one ASCII character in `normalizeText` (or stays), so the two forms line up. A starter
 * character, none composes with what is around it, so NFKC of the parts between equals NFKC of all.
 */
const CHINESE_PUNCTUATION = '，：；！？（）～…“”‘’「」『』';
const UNPROTECTED = new RegExp(`[^${CHINESE_PUNCTUATION}]+`, 'g');

function visible(text: string): string {
  return text.replace(ZERO_WIDTH, '').replace(CONTROL, ' ');
}

function collapse(text: string): string {
  return text
    .replace(/[\u2000-\u200A\u202F\u205F\u3000\u00A0]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/**
 * `normalizeText` with Chinese punctuation and quotes left as written: the same length, each
 * character either the same or the written form of the normalised one.
 */
export function writtenText(text: string): string {
  return collapse(visible(text).replace(UNPROTECTED, (part) => part.normalize('NFKC')));
}

const TOKEN = /"([^"]*)"|'([^']*)'|(\S+)/g;

/** Splits on spaces; "double" and 'single' quotes group words. */
export function tokenize(text: string): string[] {
  return tokenSpans(text).map((t) => t.value);
}

/** Tokens with where each value starts (inside its quotes) and where the token ends (after them). */
function tokenSpans(text: string): { value: string; start: number; end: number }[] {
  const out: { value: string; start: number; end: number }[] = [];
  const re = new RegExp(TOKEN);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const quoted = m[3] === undefined;
    out.push({ value: m[1] ?? m[2] ?? m[3] ?? '', start: m.index + (quoted ? 1 : 0), end: re.lastIndex });
  }
  return out;
}

function isBotName(token: string): boolean {
  const name = token.replace(/^@/, '').toLowerCase();
  return BOT_NAMES.includes(name);
}

/**
 * Turns a message into a command word and its arguments, or null when the text is empty.
 * A leading @bot mention and a leading "/" are dropped. Whether the word names a command
 * is the registry's business, not the parser's.
 */
export function parseCommand(raw: string, mentions: Mention[] = [], mentionsBot = false): ParsedCommand | null {
  const normal = normalizeText(raw);
  if (normal.length === 0 || normal.length > MAX_COMMAND_CHARS) return null;
  // Drop leading @-mentions addressed to the bot: a known bot name, or (when the platform says
  // the bot was mentioned) an @token that is not one of the people mentioned.
  const names = mentions.map((m) => normalizeText(m.name));
  const known = new Set(names.filter(Boolean));
  let addressed = mentionsBot;
  let from = 0;
  for (;;) {
    const m = /^@(\S+)\s*/.exec(normal.slice(from));
    if (!m) break;
    const name = m[1] ?? '';
    if (isBotName(name) || (mentionsBot && !known.has(name))) {
      from += m[0].length;
      addressed = true;
    } else break;
  }
  from += /^\/\s*/.exec(normal.slice(from))?.[0].length ?? 0;
  const text = withoutClosing(normal.slice(from));
  const spans = tokenSpans(text);
  const first = spans[0]?.value;
  if (first === undefined || first === '') return null;
  const word = /^[\x00-\x7F]+$/.test(first) ? first.toLowerCase() : first;
  // After the first token as it was typed, closing quote included.
  const rest = text.slice(spans[0]!.end).trim();
  const args = spans.slice(1).map((t) => t.value);
  const parsed: ParsedCommand = { word, args, rest, mentions: resolveMentions(args, mentions, names), text, addressed };
  // The same spans over the written form (one character for one), for free text kept as written.
  const shown = writtenText(raw);
  if (shown.length === normal.length) {
    const body = shown.slice(from, from + text.length);
    parsed.written = spans.slice(1).map((t) => body.slice(t.start, t.start + t.value.length));
  }
  return parsed;
}

/**
 * Mentions among the arguments, by "@name" token, keeping the message's ids. `names[i]` is the
 * normalised name of `mentions[i]`; lookups go through a map because a message may carry 100
 * mentions and hundreds of "@name" tokens.
 */
function resolveMentions(args: string[], mentions: Mention[], names: string[]): Mention[] {
  const out: Mention[] = [];
  const byName = new Map<string, number[]>();
  names.forEach((n, i) => byName.set(n, [...(byName.get(n) ?? []), i]));
  const used = new Set<number>();
  for (const a of args) {
    if (!a.startsWith('@') || a.length < 2) continue;
    const name = a.slice(1);
    const i = byName.get(name)?.shift();
    if (i === undefined) out.push({ id: '', name });
    else {
      used.add(i);
      out.push(mentions[i]!);
    }
  }
  // Platforms that strip mention text from the message (WeChat's mentionText) still send ids.
  const ids = new Set(out.map((o) => o.id));
  mentions.forEach((m, i) => {
    if (used.has(i) || ids.has(m.id)) return;
    ids.add(m.id);
    out.push(m);
  });
  return out;
}
