import type { CommandContext } from '../../src/command/context.js';
import { CommandError } from '../../src/command/errors.js';
import type { Mention } from '../../src/contracts/message.js';
import { findInScope } from '../../src/services/meetings/access.js';
import { duesUnitOf, requireDuesManager } from '../../src/services/dues/access.js';
import type { Origin } from '../../src/services/dues/audit.js';
import { duesError } from '../../src/services/dues/errors.js';
import { monthOf, type Month } from '../../src/services/dues/months.js';
import { actorOf, type MemberRecord } from '../../src/services/org/identity.js';
import type { Unit, UnitTree } from '../../src/services/org/units.js';

/** Where a change made by this command came from, for the audit log. */
export function originOf(ctx: CommandContext): Origin {
  return { actor: actorOf(ctx.sender), platform: ctx.msg.platform, chatId: ctx.msg.chatId };
}

/**
 * The unit whose dues an officer command is about: the one named, else the group's bound unit,
 * else the sender's own; a 党小组 stands for its 支部. The sender must manage it.
 */
export function duesUnitFor(ctx: CommandContext, tree: UnitTree, name: string | undefined): Unit {
  let unit: Unit | undefined;
  if (name) {
    unit = tree.findByName(name.replace(/^组织[:：]/, ''));
    if (!unit) throw new CommandError(`没有名为「${name.slice(0, 30)}」的组织。`);
  } else if (ctx.msg.chatType === 'group') {
    unit = tree.get(ctx.binding?.unitId);
    if (!unit) throw duesError('dues.chat_unbound', {});
  } else {
    unit = tree.get(ctx.sender.member?.unitId);
    if (!unit) throw duesError('dues.no_unit', {});
  }
  const kept = duesUnitOf(tree, unit.id)!;
  requireDuesManager(ctx.sender, tree, kept);
  return kept;
}

/** The member an @ names, within the sender's reach. */
export function memberNamed(ctx: CommandContext, tree: UnitTree, who: Mention): Promise<MemberRecord> {
  return findInScope(ctx.db, tree, ctx.sender, { id: who.id, name: who.name.replace(/^@/, '') });
}

/** This month in a unit's zone. */
export function thisMonth(ctx: CommandContext, unit: Unit): Month {
  return monthOf(ctx.now, unit.timeZone);
}
