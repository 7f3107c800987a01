import type { ParsedCommand } from './parse.js';

// How people write commands in chats besides "<word> <arguments>", by kind. Each command opts in
// to whole-message sayings with its own list (CommandDef.phrasings); the engine adds the filler
// around them and the glued forms for every command. Ordinary chatter must stay chatter: a saying
// matches the whole message only, and a glued form counts only when its words bind to the
// command's arguments.

/** Other ways people write a command, declared with it. */
export interface Phrasings {
  /** Whole messages that mean the command without arguments, besides its name: 「已阅」 for 收到. */
  sayings?: readonly string[];
  /**
   * Whole messages that mean it only in a group, and only when the command finds something to do
   * there (「1」 after 「收到请回复1」); otherwise they get no reply at all. The command reads
   * `ctx.command.via === 'tentative'`.
   */
  tentative?: readonly string[];
}

/** Agreement before a saying: 「好的，收到」「嗯嗯收到」「ok 收到」. */
export const LEAD_WORDS = ['好的', '好嘞', '好', '嗯嗯', '嗯', '哦', 'ok', 'okay'] as const;
/** The speaker before a saying: 「我签到」「我已签到」「我已经收到了」. */
export const SELF_WORDS = ['我已经', '我已', '我', '已经', '已'] as const;
/** Particles after a saying (at most two): 「收到了」「签到啦」「收到了哈」. */
export const TRAIL_WORDS = ['了', '啦', '咯', '喽', '哈', '啊', '呀', '哦'] as const;
/** Thanks after a saying: 「收到，谢谢」. */
export const THANKS_WORDS = ['谢谢', '多谢', '感谢', '谢啦'] as const;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const anyOf = (words: readonly string[]): string =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');

/** The whole-message pattern of a command's sayings, its name among them; repeats allowed (「收到收到」). */
function sayingPattern(def: PhrasedCommand): RegExp {
  const s = `(?:${anyOf([def.name, ...(def.phrasings?.sayings ?? [])])})`;
  const gap = '[,\\s]*';
  return new RegExp(
    `^(?:(?:${anyOf(LEAD_WORDS)})${gap})?(?:${anyOf(SELF_WORDS)})?${s}(?:${gap}${s}){0,2}` +
      `(?:${anyOf(TRAIL_WORDS)}){0,2}(?:${gap}(?:${anyOf(THANKS_WORDS)}))?$`,
    'i',
  );
}

/**
 * A few messages that mean the command, for 帮助 to list: the filler around its name (the first
 * of each list), its repeat, then its own sayings.
 */
export function sayingExamples(def: PhrasedCommand): string[] {
  if (!def.phrasings?.sayings) return [];
  const n = def.name;
  return [
    `${n}${TRAIL_WORDS[0]}`,
    `${LEAD_WORDS[0]}，${n}`,
    `${SELF_WORDS[1]}${n}`,
    `${n}${n}`,
    ...def.phrasings.sayings,
  ];
}

/** Separators people put between a command word and its argument: 「请假，明天出差」「请假：…」. */
const SEPARATOR = /^[,:;、]+/;
const NUMBER = /^(#?\d+)(?:[,:;、]+(.+))?$/;
/** A Latin run holding a letter (an invite code), then the rest: 「加入URSAACAV赵大爷」. */
const LATIN = /^([A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*)[,:;、]*(.*)$/;
const ASCII = /^[\x00-\x7F]+$/;

/**
 * The argument words glued to a command word, or null when the remainder is not an argument:
 * after a separator anything; a number alone or before a separator (「签到14」, not 「收到12个快递」);
 * after a Chinese word, a Latin run with a letter and what follows it (「加入URSAACAV赵大爷」).
 */
export function gluedWords(word: string, remainder: string): string[] | null {
  const sep = SEPARATOR.exec(remainder);
  if (sep) {
    const after = remainder.slice(sep[0].length);
    return after ? [after] : null;
  }
  const n = NUMBER.exec(remainder);
  if (n) return n[2] ? [n[1]!, n[2]] : [n[1]!];
  if (ASCII.test(word)) return null;
  const l = LATIN.exec(remainder);
  if (!l || (l[2] && ASCII.test(l[2][0]!))) return null;
  return l[2] ? [l[1]!, l[2]] : [l[1]!];
}

/** What the phrase book needs of a command (CommandDef in ./define.ts has it). */
export interface PhrasedCommand {
  name: string;
  aliases: readonly string[];
  phrasings?: Phrasings;
}

export interface Recognised<C extends PhrasedCommand> {
  def: C;
  command: ParsedCommand;
}

/** The phrasings of a registry's commands, compiled once at start-up. */
export class PhraseBook<C extends PhrasedCommand> {
  private readonly sayings: { def: C; pattern: RegExp }[];
  private readonly tentative = new Map<string, C>();
  private readonly longestWord: number;

  /**
   * `find` looks a word up; `binds` tells whether words bind to a command's arguments (what the
   * engine does before running it), which a glued form must pass to count.
   */
  constructor(
    commands: readonly C[],
    private readonly find: (word: string) => C | undefined,
    private readonly binds: (def: C, command: ParsedCommand) => boolean,
  ) {
    this.sayings = commands.filter((c) => c.phrasings?.sayings).map((def) => ({ def, pattern: sayingPattern(def) }));
    for (const c of commands) {
      for (const t of c.phrasings?.tentative ?? []) {
        const prev = this.tentative.get(t);
        if (prev) throw new Error(`phrasing "${t}" is declared by both ${prev.name} and ${c.name}`);
        this.tentative.set(t, c);
      }
    }
    this.longestWord = Math.max(0, ...commands.flatMap((c) => [c.name, ...c.aliases]).map((w) => w.length));
  }

  /** The command a message written in one of the other ways means, or undefined. */
  recognise(parsed: ParsedCommand, chat: 'group' | 'direct'): Recognised<C> | undefined {
    const text = parsed.text ?? '';
    const bare = (def: C, via: 'saying' | 'tentative'): Recognised<C> => ({
      def,
      command: { ...parsed, word: def.name, args: [], rest: '', via },
    });
    const tentative = chat === 'group' ? this.tentative.get(text) : undefined;
    if (tentative) return bare(tentative, 'tentative');
    // Sayings are short; a long message is never one, and is not worth matching.
    if (text.length <= 40) {
      for (const s of this.sayings) if (s.pattern.test(text)) return bare(s.def, 'saying');
    }
    return this.glued(parsed);
  }

  /** 「签到14」「请假，明天出差」: the longest command word the first token starts with, and its arguments. */
  private glued(parsed: ParsedCommand): Recognised<C> | undefined {
    const first = parsed.word;
    for (let len = Math.min(this.longestWord, first.length - 1); len >= 1; len--) {
      const def = this.find(first.slice(0, len));
      if (!def) continue;
      const words = gluedWords(first.slice(0, len), first.slice(len));
      if (!words) continue;
      const rest = [...words, parsed.rest].filter(Boolean).join(' ');
      const args = [...words, ...parsed.args];
      // The glued words come from the normalised first token; the rest keeps its written form.
      const written = parsed.written && [...words, ...parsed.written];
      const command: ParsedCommand = { ...parsed, word: first.slice(0, len), args, written, rest };
      if (this.binds(def, command)) return { def, command: { ...command, via: 'glued' } };
    }
    return undefined;
  }
}
