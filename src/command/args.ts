import { z } from 'zod';
import type { Mention } from '../contracts/message.js';

// A command's arguments, declared once: the usage line, the binding of typed words to arguments
// and their validation all come from the same list (Koishi's one signature, typed). Argument types
// shared by many commands (numbers, free text, mentions) are built here; a feature adds its own
// with `word`/`rest` and a zod schema whose messages are Chinese.

/** How an argument takes its value from the message. */
export type ArgKind = 'word' | 'rest' | 'mention' | 'mentions';

/** One declared argument: `K` its key in `run`'s args, `T` its value, `O` whether it may be absent. */
export interface Arg<K extends string = string, T = unknown, O extends boolean = boolean> {
  readonly key: K;
  /** What people see in the usage line and in errors: 编号, 原因, @某人. */
  readonly label: string;
  readonly kind: ArgKind;
  readonly optional: O;
  /**
   * An optional word whose schema refuses the token is skipped and the token goes to the next
   * argument (`请假 [编号] <原因>`: 「请假 外出就医」 has no 编号). Required words never skip.
   */
  readonly schema: z.ZodType<T>;
  /** A default for an optional argument that is absent. */
  readonly fallback?: T;
  /**
   * Free text that is stored: bound as people wrote it, Chinese punctuation kept (「陪同买菜，王秀英」),
   * while keywords and names are bound in their normalised form (`ParsedCommand.written`).
   */
  readonly verbatim?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyArg = Arg<string, any, boolean>;

/** `run`'s second parameter: every declared key with its value (undefined when optional and absent). */
export type ArgsOf<A extends readonly AnyArg[]> = {
  [E in A[number] as E['key']]: E extends Arg<string, infer T, infer O> ? (O extends true ? T | undefined : T) : never;
};

function make<K extends string, T>(kind: ArgKind, key: K, label: string, schema: z.ZodType<T>): Arg<K, T, false> {
  return { key, label, kind, optional: false, schema };
}

/** One word (a quoted phrase counts as one). */
export function word<K extends string, T = string>(key: K, label: string, schema?: z.ZodType<T>): Arg<K, T, false> {
  return make('word', key, label, (schema ?? z.string()) as z.ZodType<T>);
}

/** Every remaining word, joined by single spaces; must come last. */
export function rest<K extends string, T = string>(key: K, label: string, schema?: z.ZodType<T>): Arg<K, T, false> {
  return make('rest', key, label, (schema ?? z.string()) as z.ZodType<T>);
}

/** Free text of at most `max` characters (the rest of the message), kept as written. */
export function text<K extends string>(key: K, label: string, opts: { max: number }): Arg<K, string, false> {
  return written(rest(key, label, z.string().min(1).max(opts.max, `最多 ${opts.max} 个字`)));
}

/** The argument is free text that is stored: bound with its Chinese punctuation as written. */
export function written<A extends AnyArg>(a: A): A {
  return { ...a, verbatim: true };
}

/** Most digits a number people type may have ("#12", "12"). */
export const MAX_ID_DIGITS = 9;

/**
 * A number as typed: "12", "#12" (full-width "＃12" is normalised before). `maxDigits` bounds the
 * bare form; "#…" always names a number, up to MAX_ID_DIGITS.
 */
export function id<K extends string>(key: K, label: string, opts: { maxDigits?: number } = {}): Arg<K, number, false> {
  const bare = opts.maxDigits ?? MAX_ID_DIGITS;
  const re = new RegExp(`^(?:#(\\d{1,${MAX_ID_DIGITS}})|(\\d{1,${bare}}))$`);
  const schema = z
    .string()
    .regex(re, '应为编号（数字）')
    .transform((s) => Number(re.exec(s)![1] ?? re.exec(s)![2]));
  return word(key, label, schema);
}

/** A number as typed ("12", "#12"), or null: for commands that read numbers inside free text. */
export function idOf(token: string | undefined, maxDigits = MAX_ID_DIGITS): number | null {
  const m = new RegExp(`^#?(\\d{1,${maxDigits}})$`).exec(token ?? '');
  return m ? Number(m[1]) : null;
}

/**
 * One of a fixed set of words, mapped to its value. The lookup is a Map, never an object's
 * properties, so words such as "constructor" or "__proto__" are simply not in it.
 */
export function choice<K extends string, V>(key: K, label: string, words: ReadonlyMap<string, V>): Arg<K, V, false> {
  const list = [...words.keys()].join('、');
  const schema = z
    .string()
    .refine((w) => words.has(w), `应为 ${list} 之一`)
    .transform((w) => words.get(w)!);
  return word(key, label, schema);
}

/** The next person @-mentioned among the arguments (a mention, or "@姓名" where the platform has none). */
export function mention<K extends string>(key: K, label = '@某人'): Arg<K, Mention, false> {
  return make('mention', key, label, z.custom<Mention>());
}

/** Every person @-mentioned among the arguments, in order (at least one). */
export function mentions<K extends string>(key: K, label = '@某人'): Arg<K, Mention[], false> {
  return make('mentions', key, label, z.custom<Mention[]>());
}

/** The same argument, allowed to be absent. */
export function optional<K extends string, T>(a: Arg<K, T, boolean>): Arg<K, T, true> {
  return { ...a, optional: true };
}

/** The same argument, `value` when absent. */
export function withDefault<K extends string, T>(a: Arg<K, T, boolean>, value: T): Arg<K, T, false> {
  return { ...a, optional: false, fallback: value };
}

/** `<编号>`, `[原因]`, `@某人` */
export function usageOf(a: AnyArg): string {
  if (a.kind === 'mention' || a.kind === 'mentions') return a.optional ? `[${a.label}]` : a.label;
  return a.optional || a.fallback !== undefined ? `[${a.label}]` : `<${a.label}>`;
}

/** Checks a declaration once, at start-up: one rest argument at most, and last among the words. */
export function checkArgs(command: string, args: readonly AnyArg[]): void {
  const keys = new Set<string>();
  const positional = args.filter((a) => a.kind === 'word' || a.kind === 'rest');
  positional.forEach((a, i) => {
    if (a.kind === 'rest' && i !== positional.length - 1)
      throw new Error(`${command}: rest argument ${a.key} must be last`);
  });
  for (const a of args) {
    if (keys.has(a.key)) throw new Error(`${command}: argument ${a.key} is declared twice`);
    keys.add(a.key);
  }
}

/** Why binding failed: the argument and what was given (undefined when it was missing). */
export interface ArgFailure {
  arg: AnyArg;
  given: string | undefined;
  message: string;
}

/**
 * Binds the words and mentions of a message to the declared arguments and validates each.
 * Returns the values by key, or the first failure.
 */
export function bindArgs(
  args: readonly AnyArg[],
  tokens: readonly string[],
  mentioned: readonly Mention[],
  writtenTokens?: readonly string[],
): { ok: true; values: Record<string, unknown> } | { ok: false; failure: ArgFailure } {
  const isWord = (t: string) => !(t.startsWith('@') && t.length > 1);
  const words = tokens.filter(isWord);
  const shown = writtenTokens?.length === tokens.length ? writtenTokens.filter((_, i) => isWord(tokens[i]!)) : words;
  const values: Record<string, unknown> = {};
  let w = 0;
  let m = 0;
  for (const a of args) {
    if (a.kind === 'mention' || a.kind === 'mentions') {
      const taken = a.kind === 'mention' ? mentioned.slice(m, m + 1) : mentioned.slice(m);
      m += taken.length;
      if (taken.length === 0) {
        if (a.optional) continue;
        return { ok: false, failure: { arg: a, given: undefined, message: '' } };
      }
      values[a.key] = a.kind === 'mention' ? taken[0] : taken;
      continue;
    }
    const raw = a.kind === 'rest' ? words.slice(w).join(' ') || undefined : words[w];
    if (raw === undefined) {
      if (a.fallback !== undefined) values[a.key] = a.fallback;
      else if (!a.optional) return { ok: false, failure: { arg: a, given: undefined, message: '' } };
      continue;
    }
    const parsed = a.schema.safeParse(raw);
    if (!parsed.success) {
      if (a.optional && a.kind === 'word') continue;
      return { ok: false, failure: { arg: a, given: raw, message: parsed.error.issues[0]?.message ?? '' } };
    }
    values[a.key] = a.verbatim
      ? asWritten(a, raw, parsed.data, a.kind === 'rest' ? shown.slice(w).join(' ') : shown[w])
      : parsed.data;
    w = a.kind === 'rest' ? words.length : w + 1;
  }
  return { ok: true, values };
}

/** The written form when the schema takes it as it takes the normalised one (text passed through). */
function asWritten(a: AnyArg, raw: string, value: unknown, shown: string | undefined): unknown {
  if (shown === undefined || shown === raw || value !== raw) return value;
  const again = a.schema.safeParse(shown);
  return again.success && again.data === shown ? shown : value;
}

/** The sentence a person reads when an argument is missing or malformed. */
export function failureText(f: ArgFailure): string {
  if (f.given === undefined)
    return f.arg.kind === 'mention' || f.arg.kind === 'mentions'
      ? `请 ${f.arg.label}（或写 @姓名）。`
      : `缺少${f.arg.label}。`;
  const given = f.given.slice(0, 30);
  return /[\u4e00-\u9fff]/.test(f.message)
    ? `${f.arg.label}「${given}」不对：${f.message}`
    : `${f.arg.label}「${given}」格式不对。`;
}
