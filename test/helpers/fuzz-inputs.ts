/**
 * fast-check generators of hostile chat input, shared by the fuzz tests (a sample) and
 * bench/fuzz.ts (100k+): odd Unicode, control and zero-width characters, full-width forms,
 * emoji, huge numbers, injection-looking text, mentions of nobody, every command word with
 * random arguments, and request bodies that are wrong, oversized or deeply nested.
 */
import fc from 'fast-check';
import { createRegistry } from '../../commands/index.js';
import { MAX_TEXT_CHARS } from '../../src/contracts/message.js';
import { PERSONAS } from './world.js';

/** Every word the registry answers to (names and aliases), so command-looking input is common. */
export const COMMAND_WORDS: readonly string[] = createRegistry().words();

export const ZERO_WIDTH = [
  '\u200B',
  '\u200C',
  '\u200D',
  '\u200E',
  '\u200F',
  '\u2060',
  '\uFEFF',
  '\u202E',
  '\u2066',
  '\u00AD',
];
export const CONTROLS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\u000B',
  '\f',
  '\r',
  '\u001B',
  '\u007F',
  '\u0085',
  '\u009F',
  '\u2028',
  '\u2029',
  '\t',
  '\n',
];
const SPACES = [' ', '\u3000', '\u00A0', '\u2005', '\t', '  ', '\n', '\u202F'];
const EMOJI = ['😀', '👍🏽', '👨‍👩‍👧‍👦', '🇨🇳', '❤️', '🏳️‍🌈', '🫡', '\u{1F9D1}\u200D\u{1F4BB}'];
const NUMBERS = [
  '0',
  '-1',
  '1',
  '12',
  '#12',
  '＃１２',
  '１２３４５６',
  '999999',
  '1000000',
  '4294967296',
  '9007199254740993',
  '99999999999999999999',
  '1e308',
  '-0',
  'NaN',
  'Infinity',
  '0x1F',
  '1.5',
  '1.5小时',
  '１．５小时',
  '3',
  '五',
  '٣',
  '𝟙𝟚',
];
const INJECTION = [
  "' OR '1'='1",
  '1; DROP TABLE members;--',
  "Robert'); DROP TABLE students;--",
  '1 UNION SELECT * FROM identities',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '<at user_id="all"></at>',
  '<at user_id="all">所有人</at>',
  '<at id="ou_x"></at>',
  '@所有人',
  '@all',
  '@_all',
  '@_user_1',
  '${7*7}',
  '{{7*7}}',
  '../../etc/passwd',
  'javascript:alert(1)',
  '%00',
  '\\u0000',
  '{"$gt":""}',
  '[object Object]',
  '\u202Egnp.exe',
];
/**
 * Names every JavaScript object answers to: a word looked up as an object's property instead of in
 * a Map (or with Object.hasOwn) finds a function there, and the command crashes. Given in every
 * argument position, as mention ids and as names, so the whole class stays fixed.
 */
export const JS_WORDS = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupGetter__',
];
const PEOPLE = [
  '@张三',
  '@不存在的人',
  '@先锋助手',
  '@bot',
  '@',
  '@@',
  '@ ',
  '@王书记',
  '@陈红',
  '@constructor',
  '@__proto__',
  `@${'名'.repeat(200)}`,
];
const PHRASES = [
  '明天下午3点',
  '周五晚7点半',
  '3月15日 9:00',
  '下周一上午',
  '2026-12-01 15:00',
  '2026-02-30 25:61',
  '本季度',
  '2026Q4',
  '第一支部',
  '第二支部',
  '泰山区某社区党委',
  '党员大会',
  '支委会',
  '书记',
  '委员',
  '党员',
  '全部',
  '到',
  '于',
  '现在',
  '重填',
  '同意',
  '取消',
];

const pick = (xs: readonly string[]) => fc.constantFrom(...xs);

/** One argument-like token. */
export const token: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: pick(PHRASES) },
  { weight: 3, arbitrary: pick(NUMBERS) },
  { weight: 2, arbitrary: pick(INJECTION) },
  { weight: 2, arbitrary: pick(JS_WORDS) },
  { weight: 2, arbitrary: pick(PEOPLE) },
  { weight: 1, arbitrary: pick(EMOJI) },
  { weight: 1, arbitrary: pick(COMMAND_WORDS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String) },
);

/** Noise spliced between characters: zero-width, control, odd spaces, emoji. */
const noise = fc.oneof(pick(ZERO_WIDTH), pick(CONTROLS), pick(SPACES), pick(EMOJI));

/** Inserts a few noise characters at random places. */
function sprinkle(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(text, fc.array(fc.tuple(fc.nat(), noise), { maxLength: 4 })).map(([s, ins]) => {
    const chars = [...s];
    for (const [at, n] of ins) chars.splice(at % (chars.length + 1), 0, n);
    return chars.join('');
  });
}

/** ASCII → full-width (U+FF01…U+FF5E), space → ideographic space: how people type on phones. */
export function toFullWidth(s: string): string {
  return s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');
}

/** A command word with random arguments, maybe prefixed by "/", "@bot" or a mention of someone. */
export const commandText: fc.Arbitrary<string> = fc
  .tuple(
    pick(['', '', '/', '／', '@先锋助手 ', '@bot ', '@小助手 ', ' ']),
    pick(COMMAND_WORDS),
    fc.array(token, { maxLength: 6 }),
    pick(SPACES),
    fc.boolean(),
  )
  .map(([prefix, word, args, sep, wide]) => {
    const text = `${prefix}${[word, ...args].join(sep)}`;
    return wide ? toFullWidth(text) : text;
  });

const EXAMPLES = createRegistry().commands.map((c) => c.example.split(' '));

/** A command's documented example with some arguments replaced, dropped or added: gets past usage checks. */
export const exampleText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...EXAMPLES),
    fc.array(fc.tuple(fc.nat(), fc.option(token, { nil: undefined })), { maxLength: 3 }),
    fc.boolean(),
  )
  .map(([example, edits, numbersToOne]) => {
    const toks = example.map((t) => (numbersToOne && /^\d+$/.test(t) ? String(1 + (t.length % 2)) : t));
    for (const [at, tok] of edits) {
      const i = 1 + (at % Math.max(1, toks.length));
      if (tok === undefined) toks.splice(i, 1);
      else toks.splice(i, at % 2, tok);
    }
    return toks.join(' ');
  });

/** Any chat text: mostly command-looking, also chatter, raw Unicode and very long runs. */
export const chatText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: commandText },
  { weight: 6, arbitrary: exampleText },
  { weight: 3, arbitrary: sprinkle(commandText) },
  { weight: 2, arbitrary: fc.array(token, { maxLength: 8 }).map((ts) => ts.join(' ')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(token, fc.integer({ min: 100, max: 4000 }))
      .map(([t, n]) => t.repeat(Math.ceil(n / Math.max(1, t.length))).slice(0, MAX_TEXT_CHARS)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(pick(COMMAND_WORDS), fc.integer({ min: 1, max: 1200 }))
      .map(([w, n]) => `${w} ${'@张三 '.repeat(n)}`),
  },
);

/** Mentions as platforms send them: real people, nobody, empty or very long names, many of them. */
export const mentions: fc.Arbitrary<{ id: string; name: string }[]> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<{ id: string; name: string }[]>([]) },
  {
    weight: 4,
    arbitrary: fc.array(
      fc.record({
        id: fc.oneof(
          pick(Object.values(PERSONAS).map((p) => p.userId)),
          pick(['ghost', 'ou_nobody', 'all', '@_all']),
          pick(JS_WORDS),
          fc.string({ minLength: 1, maxLength: 40 }),
        ),
        name: fc.oneof(
          pick(PEOPLE.map((p) => p.slice(1, 129))),
          pick(Object.values(PERSONAS).map((p) => p.name)),
          pick(JS_WORDS),
          fc.string({ maxLength: 128 }),
        ),
      }),
      { maxLength: 5 },
    ),
  },
  { weight: 1, arbitrary: fc.constant(Array.from({ length: 100 }, (_, i) => ({ id: `u${i}`, name: `张三${i}` }))) },
);

export interface FuzzParseInput {
  text: string;
  mentions: { id: string; name: string }[];
  mentionsBot: boolean;
}

/** Input for parseCommand. */
export const parseInput: fc.Arbitrary<FuzzParseInput> = fc.record({
  text: chatText,
  mentions,
  mentionsBot: fc.boolean(),
});
