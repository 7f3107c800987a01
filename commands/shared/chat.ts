// What commands of several features share: where a message came from, in the terms the services
// ask for, and reading "@张三" among the words.
import type { CommandContext } from '../../src/command/context.js';
import { CommandError } from '../../src/command/errors.js';
import { findInScope, unitOfChat, type ChatPlace } from '../../src/services/meetings/access.js';
import { zoneOf } from '../../src/services/meetings/scope.js';
import type { MemberRecord } from '../../src/services/org/identity.js';
import type { Unit, UnitTree } from '../../src/services/org/units.js';

/** The chat a command was sent in, as meeting policy sees it. */
export function placeOf(ctx: CommandContext): ChatPlace {
  return { group: ctx.msg.chatType === 'group', boundUnitId: ctx.binding?.unitId ?? null };
}

/** The zone a unit's times are shown in (src/services/meetings/scope.ts zoneOf). */
export function tzOf(tree: UnitTree, unitId: string | null | undefined): string {
  return zoneOf(tree, unitId);
}

/** The unit a chat speaks for: a group's bound unit; in a direct chat the sender's own unit. */
export function chatUnit(ctx: CommandContext, tree: UnitTree): Unit {
  return unitOfChat(tree, ctx.sender, placeOf(ctx));
}

/** Resolves "@张三" (a mention or a plain name) to a member the sender may name. */
export async function resolvePerson(ctx: CommandContext, tree: UnitTree, name: string): Promise<MemberRecord> {
  const clean = name.replace(/^@/, '').trim();
  if (!clean) throw new CommandError('请 @ 一位成员（或写 @姓名）。');
  const mention = ctx.command.mentions.find((m) => m.name === clean) ??
    ctx.msg.mentions.find((m) => m.name === clean) ?? { id: '', name: clean };
  return findInScope(ctx.db, tree, ctx.sender, mention);
}
