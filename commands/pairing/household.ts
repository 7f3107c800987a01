import type { CommandContext } from '../../src/command/context.js';
import { householdCard } from '../../src/services/pairing/access.js';
import { erasureOf } from '../../src/services/pairing/erase.js';
import type { NeedRow } from '../../src/services/pairing/needs.js';
import { erasureText, HOUSEHOLD_TEXT, householdCardText } from './household-texts.js';
import { refusalText } from './refusal.js';

/**
 * Sends the contact card privately to someone the policy let through (never stored), or says why
 * there is none (erased, refused, not entered); every card shown is an audited view. With `quiet`,
 * a card that cannot be opened is a private note instead of a refusal (接单 must not fail because of it).
 */
export async function sendHouseholdCard(
  ctx: CommandContext,
  need: NeedRow,
  reason: string,
  quiet = false,
): Promise<void> {
  const erasure = erasureOf(need);
  if (erasure) {
    const timeZone = (await ctx.tree()).get(need.unitId)?.timeZone ?? ctx.deps.config.PIONEER_TZ;
    ctx.replyDirect(HOUSEHOLD_TEXT.erasedCard(need.id, erasureText(erasure, timeZone)));
    return;
  }
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
    ctx.replySensitive(householdCardText(need.id, card.household));
  }
}
