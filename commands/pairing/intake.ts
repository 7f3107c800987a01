import type { CommandContext } from '../../src/command/context.js';
import type { ConversationHandler } from '../../src/command/conversation.js';
import { endConversation, loadConversation, startConversation } from '../../src/command/conversation-store.js';
import { CommandError } from '../../src/command/errors.js';
import { enqueueToMember } from '../../src/outbox/enqueue.js';
import type { Keyring } from '../../src/services/crypto.js';
import { intakeStillOpen, volunteerToTell } from '../../src/services/pairing/access.js';
import { actorOf } from '../../src/services/pairing/actors.js';
import { pairingError } from '../../src/services/pairing/errors.js';
import {
  acceptConsent,
  checkAnswer,
  commitDraft,
  declineConsent,
  doubtAnswer,
  fillField,
  intakeStart,
  newDraft,
  openDraft,
  readDraft,
  redoField,
  stepOf,
  wasDoubted,
  type HouseholdDraft,
} from '../../src/services/pairing/household.js';
import { loadNeed, type NeedRow } from '../../src/services/pairing/needs.js';
import { HOUSEHOLD_CONVERSATION, requireKeyring, type HouseholdField } from '../../src/services/pairing/privacy.js';
import { confirmText, HOUSEHOLD_TEXT, PRIVACY_FOOTER, promptFor } from './household-texts.js';
import { isAnswerWord, parseConfirm, parseConsent } from './intake-words.js';
import { PARSE_TEXT } from './replies.js';
import { refusalText } from './refusal.js';

// The private exchange that collects a household's data: each step says what it recorded, odd
// answers are questioned, and the officer confirms the full values before anything is stored.

const who = (ctx: CommandContext) => ({ platform: ctx.msg.platform, userId: ctx.msg.senderId });

/** Keeps the draft for the next answer (and extends the exchange). */
const save = (ctx: CommandContext, draft: HouseholdDraft) =>
  startConversation(ctx.work, who(ctx), HOUSEHOLD_CONVERSATION, draft);

/** The next question of a draft; the confirmation shows the full values, so it is a sensitive reply. */
async function ask(ctx: CommandContext, ring: Keyring, draft: HouseholdDraft, before = ''): Promise<void> {
  const step = stepOf(draft);
  if (step === 'confirm') ctx.replySensitive(`${before}${confirmText(draft.needId, await openDraft(ring, draft))}`);
  else if (before) ctx.replySensitive(`${before}${promptFor(draft.needId, step)}`);
  else ctx.replyDirect(promptFor(draft.needId, step));
}

/**
 * Opens (or resumes, or with `fresh` starts over) the private exchange that collects a household's
 * data, and asks the next question by direct message. Without a data key it says so instead.
 */
export async function beginHousehold(ctx: CommandContext, need: NeedRow, fresh = false): Promise<void> {
  let ring: Keyring;
  try {
    ring = await requireKeyring(ctx.deps.config);
  } catch (err) {
    ctx.replyDirect(HOUSEHOLD_TEXT.keyMissing(refusalText(ctx, err), need.id));
    return;
  }
  const start = intakeStart(need, fresh);
  if (start !== 'start') {
    ctx.replyDirect(promptFor(need.id, start));
    return;
  }
  const open = await loadConversation(ctx.db, ctx.msg.platform, ctx.msg.senderId, ctx.now);
  const previous = open?.kind === HOUSEHOLD_CONVERSATION ? readDraft(open.state) : null;
  const draft = previous?.needId === need.id && !fresh ? previous : newDraft(need.id);
  save(ctx, draft);
  const dropped = previous && previous.needId !== need.id ? HOUSEHOLD_TEXT.dropped(previous.needId) : '';
  if (stepOf(draft) === 'confirm') await ask(ctx, ring, draft, dropped);
  else ctx.replyDirect(`${dropped}${promptFor(need.id, stepOf(draft) as 'consent')}\n${PRIVACY_FOOTER}`);
}

async function answerConsent(ctx: CommandContext, need: NeedRow, draft: HouseholdDraft, text: string) {
  const consent = parseConsent(text);
  if (consent === null) throw new CommandError(PARSE_TEXT.consent());
  const target = { unitId: need.unitId, target: `need:${need.id}` };
  if (consent) {
    const next = acceptConsent(draft, ctx.now.getTime());
    save(ctx, next);
    ctx.reply(HOUSEHOLD_TEXT.consentRecorded(need.id, promptFor(need.id, 'name')));
    return;
  }
  const erased = declineConsent(ctx.work, need, actorOf(ctx.sender));
  endConversation(ctx.work, who(ctx));
  ctx.audit('pairing.household.consent', { ...target, detail: { consent: false } });
  if (erased) ctx.audit('pairing.household.erase', { ...target, detail: { cause: 'withdrawn' } });
  ctx.reply(HOUSEHOLD_TEXT.declined(need.id, erased));
}

async function answerField(
  ctx: CommandContext,
  ring: Keyring,
  draft: HouseholdDraft,
  field: HouseholdField,
  text: string,
): Promise<void> {
  if (isAnswerWord(text)) throw new CommandError(HOUSEHOLD_TEXT.answerWord(field));
  const check = checkAnswer(field, text);
  if (check.ok === false) throw pairingError('pairing.household_answer', { field, problem: check.problem });
  if (check.ok === 'doubt' && !(await wasDoubted(ring, draft, field, check.value))) {
    save(ctx, await doubtAnswer(ring, draft, field, check.value));
    ctx.reply(HOUSEHOLD_TEXT.doubt(check.doubt));
    return;
  }
  const next = await fillField(ring, draft, field, check.value);
  save(ctx, next);
  await ask(ctx, ring, next, HOUSEHOLD_TEXT.recorded(field, check.value));
}

async function answerConfirm(ctx: CommandContext, ring: Keyring, need: NeedRow, draft: HouseholdDraft, text: string) {
  const answer = parseConfirm(text);
  if (!answer) throw new CommandError(HOUSEHOLD_TEXT.confirmAgain());
  if (answer.kind === 'redo') {
    const next = redoField(draft, answer.field);
    save(ctx, next);
    await ask(ctx, ring, next);
    return;
  }
  const replaced = await commitDraft(ctx.work, ring, need, draft, actorOf(ctx.sender));
  endConversation(ctx.work, who(ctx));
  const target = { unitId: need.unitId, target: `need:${need.id}` };
  ctx.audit('pairing.household.consent', { ...target, detail: { consent: true } });
  ctx.audit('pairing.household.record', { ...target, detail: { fields: ['name', 'phone', 'address'], replaced } });
  ctx.reply(HOUSEHOLD_TEXT.saved(need.id, replaced));
  const volunteer = volunteerToTell(need);
  if (volunteer) {
    await enqueueToMember(ctx.work, volunteer, {
      kind: 'pairing.household.ready',
      ref: `${need.id}:${ctx.now.getTime()}`,
      text: HOUSEHOLD_TEXT.readyMessage(need.id),
    });
  }
}

/** Plain direct messages while the exchange is open are its answers. */
export const householdConversation: ConversationHandler = {
  kind: HOUSEHOLD_CONVERSATION,
  async answer(ctx, state, text) {
    const draft = readDraft(state);
    const need = await loadNeed(ctx.db, draft.needId);
    if (!intakeStillOpen(ctx.sender, await ctx.tree(), need)) {
      endConversation(ctx.work, who(ctx));
      ctx.reply(HOUSEHOLD_TEXT.ended(need.id));
      return;
    }
    const ring = await requireKeyring(ctx.deps.config);
    const step = stepOf(draft);
    if (step === 'consent') await answerConsent(ctx, need, draft, text);
    else if (step === 'confirm') await answerConfirm(ctx, ring, need, draft, text);
    else await answerField(ctx, ring, draft, step, text);
  },
  async cancel(ctx, state) {
    ctx.reply(HOUSEHOLD_TEXT.discarded(readDraft(state).needId));
  },
};
