import type { z } from 'zod';
import type { Role } from '../roles.js';
import type { CommandContext } from './context.js';
import type { ConversationHandler } from './conversation.js';

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
  run(ctx: CommandContext, args: z.infer<S>): Promise<void>;
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
  run(ctx: CommandContext, args: z.infer<S>): Promise<void>;
}

/** Declares a command; the shape is checked here, once, at start-up. */
export function defineCommand<S extends z.ZodType>(input: CommandInput<S>): CommandDef<S> {
  const params = (input.params ?? []).map(parseParam);
  params.forEach((p, i) => {
    if (p.rest && i !== params.length - 1) throw new Error(`${input.name}: rest parameter ${p.key} must be last`);
  });
  return { ...input, aliases: input.aliases ?? [], chat: input.chat ?? 'any', readonly: input.readonly ?? false, params };
}

function parseParam(spec: string): ParamSpec {
  const m = /^([a-zA-Z]+)(\?|\.\.\.)?(\??):(.+)$/.exec(spec);
  if (!m) throw new Error(`bad parameter spec "${spec}"`);
  return { key: m[1]!, rest: m[2] === '...', optional: m[2] === '?' || m[3] === '?', label: m[4]! };
}

/** Maps positional tokens onto the declared parameters (mention tokens are not positional). */
export function bindParams(params: readonly ParamSpec[], tokens: readonly string[]): Record<string, string | undefined> {
  const args = tokens.filter((t) => !(t.startsWith('@') && t.length > 1));
  const out: Record<string, string | undefined> = {};
  params.forEach((p, i) => {
    out[p.key] = p.rest ? (args.slice(i).join(' ') || undefined) : args[i];
  });
  return out;
}

/** The lookup built once at start: every name and alias to its command. */
export class Registry {
  readonly commands: readonly CommandDef[];
  private readonly byWord = new Map<string, CommandDef>();
  private readonly byKind = new Map<string, ConversationHandler>();

  constructor(commands: readonly CommandDef[], conversations: readonly ConversationHandler[] = []) {
    this.commands = commands;
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
  }

  find(word: string): CommandDef | undefined {
    return this.byWord.get(word.toLowerCase());
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
