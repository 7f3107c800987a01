import { z } from 'zod';
import type { CommandContext } from '../../src/command/context.js';
import type { ConversationHandler } from '../../src/command/conversation.js';
import { enqueueToMember } from '../../src/outbox/enqueue.js';
import { CommandError } from '../../src/command/errors.js';
import { endConversation, startConversation } from '../../src/command/conversation-store.js';
import { canManage } from '../../src/services/org/identity.js';
import {
  HOUSEHOLD_CONVERSATION,
  householdCard,
  maskedSummary,
  nextStep,
  PRIVACY_FOOTER,
  promptFor,
  recordAnswer,
  type HouseholdConversationState,
} from '../../src/services/pairing/household.js';
import { loadNeed, type NeedRow } from '../../src/services/pairing/needs.js';
import { openHousehold, requireKeyring, type Household } from '../../src/services/pairing/privacy.js';

/** "12" or "#12" → 12. */
export const needIdSchema = z
  .string()
  .regex(/^#?\d{1,9}$/, '应为需求编号（数字）')
  .transform((s) => Number(s.replace('#', '')));

const who = (ctx: CommandContext) => ({ platform: ctx.msg.platform, userId: ctx.msg.senderId });

/**
 * Opens (or resumes) the private exchange that collects a household's contact data, and asks the
 * next question by direct message. Without a data key it says so instead (nothing is stored).
 */
export async function beginHousehold(ctx: CommandContext, need: NeedRow, fresh = false): Promise<void> {
  try {
    await requireKeyring(ctx.deps.config);
  } catch (err) {
    if (!(err instanceof CommandError)) throw err;
    ctx.replyDirect(`${err.userMessage}\n需求 #${need.id} 已登记；配置密钥后私聊发送「登记住户 ${need.id}」继续。`);
    return;
  }
  const step = fresh ? 'consent' : nextStep(need);
  if (step === 'done' || step === 'declined') {
    ctx.replyDirect(promptFor(need.id, step));
    return;
  }
  startConversation(ctx.work, who(ctx), HOUSEHOLD_CONVERSATION, { needId: need.id } satisfies HouseholdConversationState);
  ctx.replyDirect(`${promptFor(need.id, step)}\n${PRIVACY_FOOTER}`);
}

/** The household's data in plaintext for someone already checked; every call is an audited view. */
export async function viewHousehold(ctx: CommandContext, need: NeedRow, reason: string): Promise<Household> {
  const ring = await requireKeyring(ctx.deps.config);
  const household = await openHousehold(ring, need.id, need);
  ctx.audit('pairing.household.view', { unitId: need.unitId, target: `need:${need.id}`, detail: { reason } });
  return household;
}

/** Sends the contact card privately (never stored), or says why there is none. */
export async function sendHouseholdCard(ctx: CommandContext, need: NeedRow, reason: string): Promise<void> {
  if (need.consent === false) {
    ctx.replyDirect(`需求 #${need.id} 的住户未同意提供联系方式，请联系书记安排上门。`);
    return;
  }
  if (!need.nameEnc && !need.phoneEnc && !need.addressEnc) {
    ctx.replyDirect(`需求 #${need.id} 的住户信息还没有登记，登记后我会私聊通知你。`);
    return;
  }
  ctx.replySensitive(householdCard(need.id, await viewHousehold(ctx, need, reason)));
}

/** The household's data when a key is set, for refusing text that repeats it; null otherwise. */
export async function householdIfReadable(ctx: CommandContext, need: NeedRow): Promise<Household | undefined> {
  if (!ctx.deps.config.PIONEER_DATA_KEY || !(need.nameEnc || need.phoneEnc || need.addressEnc)) return undefined;
  return openHousehold(await requireKeyring(ctx.deps.config), need.id, need);
}

/** Plain direct messages while the exchange is open are its answers. */
export const householdConversation: ConversationHandler = {
  kind: HOUSEHOLD_CONVERSATION,
  async answer(ctx, state, text) {
    const { needId } = state as HouseholdConversationState;
    const need = await loadNeed(ctx.db, needId);
    if (!canManage(ctx.sender, await ctx.tree(), need.unitId) || need.status === 'closed') {
      endConversation(ctx.work, who(ctx));
      ctx.reply(`需求 #${needId} 的住户信息登记已结束（需求已结案，或你已无权管理）。`);
      return;
    }
    const step = nextStep(need);
    if (step === 'done' || step === 'declined') {
      endConversation(ctx.work, who(ctx));
      ctx.reply(promptFor(needId, step));
      return;
    }
    const ring = await requireKeyring(ctx.deps.config);
    const next = await recordAnswer(ctx.work, ring, need, step, text, ctx.sender.member?.id ?? null);
    const target = { unitId: need.unitId, target: `need:${needId}` };
    if (step === 'consent') ctx.audit('pairing.household.consent', { ...target, detail: { consent: next !== 'declined' } });
    if (next === 'declined') {
      endConversation(ctx.work, who(ctx));
      ctx.reply(`已记录：住户不同意提供个人信息，未保存任何联系方式。需求 #${needId} 仍可派单，由社区联系住户。`);
      return;
    }
    if (next !== 'done') {
      startConversation(ctx.work, who(ctx), HOUSEHOLD_CONVERSATION, state);
      ctx.reply(`已记录。\n${promptFor(needId, next)}`);
      return;
    }
    endConversation(ctx.work, who(ctx));
    ctx.audit('pairing.household.record', { ...target, detail: { fields: ['name', 'phone', 'address'] } });
    const stored = await openHousehold(ring, needId, need);
    ctx.reply(`已加密保存需求 #${needId} 的住户信息：${maskedSummary({ ...stored, address: text })}。\n需要更正请发送「登记住户 ${needId} 重填」。`);
    if (need.volunteerId && (need.status === 'accepted' || need.status === 'in_service')) {
      await enqueueToMember(ctx.work, need.volunteerId, {
        kind: 'pairing.household.ready',
        ref: `${needId}:${ctx.now.getTime()}`,
        text: `需求 #${needId} 的住户信息已登记，请私聊发送「住户 ${needId}」查看。`,
      });
    }
  },
  async cancel(ctx, state) {
    const { needId } = state as HouseholdConversationState;
    ctx.reply(`已暂停需求 #${needId} 的住户信息登记，已填写的部分已加密保存。发送「登记住户 ${needId}」可继续。`);
  },
};
