import { optional, rest, written } from '../../src/command/args.js';
import type { CommandContext } from '../../src/command/context.js';
import { defineCommand } from '../../src/command/define.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { enqueueToMember } from '../../src/outbox/enqueue.js';
import { householdIfReadable, volunteerToTell } from '../../src/services/pairing/access.js';
import { eraseHousehold } from '../../src/services/pairing/erase.js';
import { loadNeed, type NeedRow } from '../../src/services/pairing/needs.js';
import { needId, note } from './args.js';
import { ERASE_TEXT } from './household-texts.js';

// Erasing a household's data before 结案: an officer's 删除住户, or the household's 撤回同意.

const GROUP = '结对帮扶';

/**
 * Erases as asked, audits it with the reason and tells the volunteer serving the need to delete
 * what they kept. The household's data is read only to refuse a reason that repeats it; data that
 * no longer opens (a rotated key) is erased all the same.
 */
async function erase(ctx: CommandContext, need: NeedRow, cause: 'officer' | 'withdrawn', reason: string | null) {
  const household = await householdIfReadable(ctx.deps.config, need).catch(() => undefined);
  const erased = await eraseHousehold(ctx.work, await ctx.tree(), ctx.sender, need, { cause, reason }, household);
  ctx.audit('pairing.household.erase', { unitId: need.unitId, target: `need:${need.id}`, detail: { cause, reason } });
  const volunteer = erased ? volunteerToTell(need) : null;
  if (volunteer) {
    await enqueueToMember(ctx.work, volunteer, {
      kind: 'pairing.household.erased',
      ref: `${need.id}:${ctx.now.getTime()}`,
      text: ERASE_TEXT.volunteerMessage(need.id),
    });
  }
  return erased;
}

export const eraseHouseholdCommand = defineCommand({
  name: '删除住户',
  aliases: ['erase-household'],
  group: GROUP,
  summary: '提前删除住户的姓名、电话、住址（写明原因，记入审计日志；需求和服务记录保留）',
  example: '删除住户 12 住户已搬离本社区',
  roles: OFFICERS,
  args: [needId(), written(rest('reason', '原因', note('原因')))],
  async run(ctx, args) {
    const need = await loadNeed(ctx.db, args.id);
    ctx.reply(ERASE_TEXT.erased(need.id, await erase(ctx, need, 'officer', args.reason)));
  },
});

export const withdrawConsentCommand = defineCommand({
  name: '撤回同意',
  aliases: ['withdraw-consent'],
  group: GROUP,
  summary: '记录住户撤回同意：删除其姓名、电话、住址，今后不再登记（记入审计日志）',
  example: '撤回同意 12 住户来电要求删除',
  roles: OFFICERS,
  args: [needId(), optional(written(rest('reason', '说明', note('说明'))))],
  async run(ctx, args) {
    const need = await loadNeed(ctx.db, args.id);
    const erased = await erase(ctx, need, 'withdrawn', args.reason ?? null);
    ctx.reply(ERASE_TEXT.withdrawn(need.id, erased));
  },
});
