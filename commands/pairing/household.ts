import type { CommandContext } from '../../src/command/context.js';
import type { ConversationHandler } from '../../src/command/conversation.js';
import { CommandError } from '../../src/command/errors.js';
import { endConversation, startConversation } from '../../src/command/conversation-store.js';
import { DomainError } from '../../src/contracts/errors.js';
import { enqueueToMember } from '../../src/outbox/enqueue.js';
import { householdCard, intakeStillOpen, volunteerToTell } from '../../src/services/pairing/access.js';
import { actorOf } from '../../src/services/pairing/actors.js';
import {
  HOUSEHOLD_CONVERSATION,
  nextStep,
  recordAnswer,
  type HouseholdAnswer,
  type HouseholdConversationState,
  type HouseholdStep,
} from '../../src/services/pairing/household.js';
import { loadNeed, type NeedRow } from '../../src/services/pairing/needs.js';
import { openHousehold, requireKeyring } from '../../src/services/pairing/privacy.js';
import { HOUSEHOLD_TEXT, householdCardText, maskedSummary, PRIVACY_FOOTER, promptFor } from './household-texts.js';
import { parseConsent } from './parse.js';
import { PARSE_TEXT } from './replies.js';

const who = (ctx: CommandContext) => ({ platform: ctx.msg.platform, userId: ctx.msg.senderId });

/** The text of a pairing refusal, for replies that must not fail the command they follow. */
function refusalText(ctx: CommandContext, err: unknown): string {
  const text = err instanceof DomainError ? ctx.deps.registry.renderError(err) : null;
  if (text === null) throw err;
  return text;
}

/**
 * Opens (or resumes) the private exchange that collects a household's contact data, and asks the
 * next question by direct message. Without a data key it says so instead (nothing is stored).
 */
export async function beginHousehold(ctx: CommandContext, need: NeedRow, fresh = false): Promise<void> {
  try {
    await requireKeyring(ctx.deps.config);
  } catch (err) {
    ctx.replyDirect(HOUSEHOLD_TEXT.keyMissing(refusalText(ctx, err), need.id));
    return;
  }
  const step = fresh ? 'consent' : nextStep(need);
  if (step === 'done' || step === 'declined') {
    ctx.replyDirect(promptFor(need.id, step));
    return;
  }
  startConversation(ctx.work, who(ctx), HOUSEHOLD_CONVERSATION, {
    needId: need.id,
  } satisfies HouseholdConversationState);
  ctx.replyDirect(`${promptFor(need.id, step)}\n${PRIVACY_FOOTER}`);
}

/**
 * Sends the contact card privately to someone the policy let through (never stored), or says why
 * there is none; every card shown is an audited view. With `quiet`, a card that cannot be opened
 * is a private note instead of a refusal (接单 must not fail because of it).
 */
export async function sendHouseholdCard(
  ctx: CommandContext,
  need: NeedRow,
  reason: string,
  quiet = false,
): Promise<void> {
  let card;
  try {
    card = await householdCard(ctx.deps.config, need);
  } catch (err) {
    if (!quiet) throw err;
    ctx.replyDirect(refusalText(ctx, err));
    return;
  }
  if (card.state === 'declined') ctx.replyDirect(HOUSEHOLD_TEXT.declinedCard(need.id));
  else if (card.state === 'empty') ctx.replyDirect(HOUSEHOLD_TEXT.emptyCard(need.id));
  else {
    ctx.audit('pairing.household.view', { unitId: need.unitId, target: `need:${need.id}`, detail: { reason } });
    ctx.replySensitive(householdCardText(need.id, card.household), 'household');
  }
}

/** An answer as typed, for the step it answers. */
function readAnswer(step: Exclude<HouseholdStep, 'done' | 'declined'>, text: string): HouseholdAnswer {
  if (step !== 'consent') return { step, text };
  const consent = parseConsent(text);
  if (consent === null) throw new CommandError(PARSE_TEXT.consent());
  return { step, consent };
}

/** Plain direct messages while the exchange is open are its answers. */
export const householdConversation: ConversationHandler = {
  kind: HOUSEHOLD_CONVERSATION,
  async answer(ctx, state, text) {
    const { needId } = state as HouseholdConversationState;
    const need = await loadNeed(ctx.db, needId);
    if (!intakeStillOpen(ctx.sender, await ctx.tree(), need)) {
      endConversation(ctx.work, who(ctx));
      ctx.reply(HOUSEHOLD_TEXT.ended(needId));
      return;
    }
    const step = nextStep(need);
    if (step === 'done' || step === 'declined') {
      endConversation(ctx.work, who(ctx));
      ctx.reply(promptFor(needId, step));
      return;
    }
    const ring = await requireKeyring(ctx.deps.config);
    const next = await recordAnswer(ctx.work, ring, need, readAnswer(step, text), actorOf(ctx.sender));
    const target = { unitId: need.unitId, target: `need:${needId}` };
    if (step === 'consent')
      ctx.audit('pairing.household.consent', { ...target, detail: { consent: next !== 'declined' } });
    if (next === 'declined') {
      endConversation(ctx.work, who(ctx));
      ctx.reply(HOUSEHOLD_TEXT.declined(needId));
      return;
    }
    if (next !== 'done') {
      startConversation(ctx.work, who(ctx), HOUSEHOLD_CONVERSATION, state);
      ctx.reply(HOUSEHOLD_TEXT.next(needId, next));
      return;
    }
    endConversation(ctx.work, who(ctx));
    ctx.audit('pairing.household.record', { ...target, detail: { fields: ['name', 'phone', 'address'] } });
    const stored = await openHousehold(ring, needId, need);
    // Masked, still household data: never stored with the answer.
    ctx.replySensitive(HOUSEHOLD_TEXT.saved(needId, maskedSummary({ ...stored, address: text })), 'household');
    const volunteer = volunteerToTell(need);
    if (volunteer) {
      await enqueueToMember(ctx.work, volunteer, {
        kind: 'pairing.household.ready',
        ref: `${needId}:${ctx.now.getTime()}`,
        text: HOUSEHOLD_TEXT.readyMessage(needId),
      });
    }
  },
  async cancel(ctx, state) {
    const { needId } = state as HouseholdConversationState;
    ctx.reply(HOUSEHOLD_TEXT.paused(needId));
  },
};
