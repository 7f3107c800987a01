// Naming a person for a meeting: 主持人, 记录人, 主讲人 and 缺席原因 take an @-mention or a bare name.
import type { CommandContext } from '../../src/command/context.js';
import { CommandError } from '../../src/command/errors.js';
import { findForUnit } from '../../src/services/meetings/access.js';
import type { MemberRecord } from '../../src/services/org/identity.js';
import type { UnitTree } from '../../src/services/org/units.js';

/**
 * The member `name` ("@张三" or "张三") names for a meeting of `unitId`: the mention of that name in
 * the message when there is one, else the one member of that name in the unit (asked which when
 * several are).
 */
export async function personFor(
  ctx: CommandContext,
  tree: UnitTree,
  unitId: string,
  name: string,
): Promise<MemberRecord> {
  const clean = name.replace(/^@/, '').trim();
  if (!clean) throw new CommandError('请 @ 一位成员，或写他的姓名。');
  const mention = ctx.command.mentions.find((m) => m.name === clean) ??
    ctx.msg.mentions.find((m) => m.name === clean) ?? { id: '', name: clean };
  return findForUnit(ctx.db, tree, ctx.sender, mention, unitId);
}
