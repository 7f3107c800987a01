import type { z } from 'zod';
import type { Action, ActionResult } from '../contracts/adapter.js';
import type { DomainError, ErrorCodes } from '../contracts/errors.js';
import type { Attachment } from '../contracts/message.js';
import type { Role } from '../contracts/roles.js';
import { bindArgs, checkArgs, usageOf, type AnyArg, type ArgsOf } from './args.js';
import type { CommandContext } from './context.js';
import type { ConversationHandler } from './conversation.js';
import type { ParsedCommand } from './parse.js';
import { PhraseBook, type Phrasings, type Recognised } from './phrasing.js';

/** Where a command may be used. */
export type ChatScope = 'any' | 'group' | 'direct';

/** A positional parameter: `name` (required), `name?` (optional), `name...` (the rest, joined). */
export interface ParamSpec {
  key: string;
  label: string;
  optional: boolean;
  rest: boolean;
}

/** A command declared as data: the registry, help and the permission matrix are built from it. */
export interface CommandDef<S extends z.ZodType = z.ZodType> {
  name: string;
  aliases: readonly string[];
  /** Help section, e.g. '组织'. */
  group: string;
  summary: string;
  usage: string;
  example: string;
  roles: readonly Role[];
  chat: ChatScope;
  /** Never writes: its answer is not stored, and a repeat is simply answered again. */
  readonly: boolean;
  params: readonly ParamSpec[];
  schema: S;
  /** The typed argument list (commands declared with `args`); usage, binding and validation follow from it. */
  args?: readonly AnyArg[];
  /** Other ways people write it in chats (src/command/phrasing.ts). */
  phrasings?: Phrasings;
  /**
   * Said after 「…太长了」 when the command is over MAX_COMMAND_CHARS (src/command/too-long.ts): how
   * to write it shorter (通知: one 党委 instead of its branches one by one).
   */
  tooLongHint?: string;
  run(ctx: CommandContext, args: z.infer<S>): Promise<void>;
}

/** A command declared with its argument list: the one signature usage, parsing and validation follow from. */
export interface CommandSpec<A extends readonly AnyArg[]> {
  name: string;
  aliases?: readonly string[];
  group: string;
  summary: string;
  example: string;
  roles: readonly Role[];
  chat?: ChatScope;
  readonly?: boolean;
  args: A;
  phrasings?: Phrasings;
  tooLongHint?: string;
  run(ctx: CommandContext, args: ArgsOf<A>): Promise<void>;
}

export interface CommandInput<S extends z.ZodType> {
  name: string;
  aliases?: readonly string[];
  group: string;
  summary: string;
  usage: string;
  example: string;
  roles: readonly Role[];
  chat?: ChatScope;
  readonly?: boolean;
  /** e.g. ['code:邀请码', 'name...:姓名', 'role?:角色'] */
  params?: readonly string[];
  schema: S;
  phrasings?: Phrasings;
  tooLongHint?: string;
  run(ctx: CommandContext, args: z.infer<S>): Promise<void>;
}

/** Declares a command; the shape is checked here, once, at start-up. */
export function defineCommand<const A extends readonly AnyArg[]>(input: CommandSpec<A>): CommandDef;
export function defineCommand<S extends z.ZodType>(input: CommandInput<S>): CommandDef<S>;
export function defineCommand(input: CommandSpec<readonly AnyArg[]> | CommandInput<z.ZodType>): CommandDef {
  if ('args' in input) {
    checkArgs(input.name, input.args);
    const usage = [input.name, ...input.args.map(usageOf)].join(' ');
    return {
      ...input,
      usage,
      aliases: input.aliases ?? [],
      chat: input.chat ?? 'any',
      readonly: input.readonly ?? false,
      params: [],
      schema: null as unknown as z.ZodType,
      run: input.run as CommandDef['run'],
    };
  }
  return defineLegacy(input);
}

function defineLegacy<S extends z.ZodType>(input: CommandInput<S>): CommandDef<S> {
  const params = (input.params ?? []).map(parseParam);
  params.forEach((p, i) => {
    if (p.rest && i !== params.length - 1) throw new Error(`${input.name}: rest parameter ${p.key} must be last`);
  });
  return {
    ...input,
    aliases: input.aliases ?? [],
    chat: input.chat ?? 'any',
    readonly: input.readonly ?? false,
    params,
  };
}

function parseParam(spec: string): ParamSpec {
  const m = /^([a-zA-Z]+)(\?|\.\.\.)?(\??):(.+)$/.exec(spec);
  if (!m) throw new Error(`bad parameter spec "${spec}"`);
  return { key: m[1]!, rest: m[2] === '...', optional: m[2] === '?' || m[3] === '?', label: m[4]! };
}

/** Maps positional tokens onto the declared parameters (mention tokens are not positional). */
export function bindParams(
  params: readonly ParamSpec[],
  tokens: readonly string[],
): Record<string, string | undefined> {
  const args = tokens.filter((t) => !(t.startsWith('@') && t.length > 1));
  const out: Record<string, string | undefined> = {};
  params.forEach((p, i) => {
    out[p.key] = p.rest ? args.slice(i).join(' ') || undefined : args[i];
  });
  return out;
}

/** Whether a command's words bind to its arguments (as dispatch's parseArgs would bind them). */
function binds(def: CommandDef, c: ParsedCommand): boolean {
  if (def.args) return bindArgs(def.args, c.args, c.mentions).ok;
  return def.schema.safeParse(bindParams(def.params, c.args)).success;
}

/** How one feature's domain error codes read in Chinese: a text for every code of its map. */
export type ErrorTexts<M extends ErrorCodes<M>> = { readonly [C in keyof M]: (params: M[C]) => string };

/** The kinds of button press a feature may answer (IncomingAction in src/contracts/adapter.ts). */
export type ActionType = Action['type'];
export type ActionOf<T extends ActionType> = Extract<Action, { type: T }>;

/** How a feature answers one kind of button press; the context's sender is the person who pressed. */
export interface ActionHandler<T extends ActionType = ActionType> {
  /**
   * Does what the press means and returns the text that person reads. Runs once per actionId: its
   * writes commit with that text, and a repeat of the press is given the same text again.
   */
  run(ctx: CommandContext, action: ActionOf<T>): Promise<string>;
  /** How the pressed thing looks now, for the adapter to re-render; asked after every press, repeats too. */
  view?(ctx: CommandContext, action: ActionOf<T>): Promise<Omit<ActionResult, 'text'>>;
}

/** A feature's answers to button presses, by action type. */
export type FeatureActions = { readonly [T in ActionType]?: ActionHandler<T> };

/**
 * What a feature does with files people send without a command word (photos): at most one
 * feature answers them. An open guided exchange that takes files answers them first
 * (ConversationHandler.attachments).
 */
export interface AttachmentHandler {
  /** Files posted in a group chat; quiet unless it has something brief to say. */
  group(ctx: CommandContext, files: readonly Attachment[]): Promise<void>;
  /** Files sent in a direct chat with no open exchange that takes them. */
  direct(ctx: CommandContext, files: readonly Attachment[]): Promise<void>;
}

/**
 * What one feature contributes to the registry (commands/<feature>/index.ts): its commands, the
 * guided exchanges it answers, the button presses it answers, and the Chinese text of each of
 * its services' error codes.
 */
export interface Feature {
  name: string;
  commands: readonly CommandDef[];
  conversations?: readonly ConversationHandler[];
  actions?: FeatureActions;
  attachments?: AttachmentHandler;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  errors?: ErrorTexts<any>;
}

/** The lookup built once at start: every name and alias to its command. */
export class Registry {
  readonly commands: readonly CommandDef[];
  private readonly byWord = new Map<string, CommandDef>();
  private readonly byKind = new Map<string, ConversationHandler>();
  private readonly errorTexts = new Map<string, (params: never) => string>();
  private readonly byAction = new Map<string, ActionHandler>();
  /** The feature that answers files sent without a command, if any. */
  readonly attachments: AttachmentHandler | undefined;
  private readonly phrases: PhraseBook<CommandDef>;

  constructor(
    commands: readonly CommandDef[],
    conversations: readonly ConversationHandler[] = [],
    errors: readonly ErrorTexts<Record<string, object>>[] = [],
    actions: readonly FeatureActions[] = [],
    attachments: readonly AttachmentHandler[] = [],
  ) {
    this.commands = commands;
    if (attachments.length > 1) throw new Error('two features answer files sent without a command');
    this.attachments = attachments[0];
    for (const handlers of actions) {
      for (const [type, handler] of Object.entries(handlers)) {
        if (this.byAction.has(type)) throw new Error(`action "${type}" has two handlers`);
        if (handler) this.byAction.set(type, handler as ActionHandler);
      }
    }
    for (const texts of errors) {
      for (const [code, render] of Object.entries(texts)) {
        if (this.errorTexts.has(code)) throw new Error(`error code "${code}" has two texts`);
        this.errorTexts.set(code, render as (params: never) => string);
      }
    }
    for (const h of conversations) {
      if (this.byKind.has(h.kind)) throw new Error(`conversation kind "${h.kind}" is declared twice`);
      this.byKind.set(h.kind, h);
    }
    for (const c of commands) {
      for (const w of [c.name, ...c.aliases]) {
        const key = w.toLowerCase();
        const prev = this.byWord.get(key);
        if (prev) throw new Error(`command word "${w}" is declared by both ${prev.name} and ${c.name}`);
        this.byWord.set(key, c);
      }
      if (c.roles.length === 0) throw new Error(`${c.name}: no role may run it`);
      if (!c.usage.startsWith(c.name)) throw new Error(`${c.name}: usage must start with the name`);
      if (!c.example.startsWith(c.name)) throw new Error(`${c.name}: example must start with the name`);
    }
    this.phrases = new PhraseBook(commands, (w) => this.find(w), binds);
  }

  /** Builds the registry from features; duplicate words, kinds or error codes throw here, at start-up. */
  static of(features: readonly Feature[]): Registry {
    return new Registry(
      features.flatMap((f) => f.commands),
      features.flatMap((f) => f.conversations ?? []),
      features.flatMap((f) => (f.errors ? [f.errors] : [])),
      features.flatMap((f) => (f.actions ? [f.actions] : [])),
      features.flatMap((f) => (f.attachments ? [f.attachments] : [])),
    );
  }

  /** The handler of a kind of button press, or undefined when no feature answers it. */
  action<T extends ActionType>(type: T): ActionHandler<T> | undefined {
    return this.byAction.get(type) as ActionHandler<T> | undefined;
  }

  /** The Chinese text of a domain error, or null when no feature renders its code. */
  renderError(err: DomainError): string | null {
    const render = this.errorTexts.get(err.code);
    return render ? render(err.params as never) : null;
  }

  find(word: string): CommandDef | undefined {
    return this.byWord.get(word.toLowerCase());
  }

  /** The command a parsed message means: by its word, else by one of the phrasings (src/command/phrasing.ts). */
  recognise(parsed: ParsedCommand, chat: 'group' | 'direct'): Recognised<CommandDef> | undefined {
    const def = this.find(parsed.word);
    return def ? { def, command: parsed } : this.phrases.recognise(parsed, chat);
  }

  /** The handler of an open guided exchange, by kind. */
  conversation(kind: string): ConversationHandler | undefined {
    return this.byKind.get(kind);
  }

  /** Every word a person could type, for "did you mean". */
  words(): string[] {
    return [...this.byWord.keys()];
  }
}
