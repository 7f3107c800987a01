import type { EscalationChannel } from '../../src/contracts/adapter.js';
import { DeliveryError } from '../../src/contracts/errors.js';
import type { DingTalkApi } from './api.js';
import { DINGTALK_TEXT_MAX_CHARS } from './constants.js';

/** `remindType` of `/v1.0/robot/ding/send`: 1 in the app (free), 2 SMS, 3 phone (the organisation's paid quota). */
const REMIND_TYPE: ReadonlyMap<EscalationChannel, 1 | 2 | 3> = new Map([
  ['app', 1],
  ['sms', 2],
  ['phone', 3],
]);

interface DingAnswer {
  openDingId?: string;
  /** Reason → the staff ids it refused (DingTalk's map). */
  failedList?: Record<string, unknown>;
}

/** What DingTalk made of a DING: its id, and whom it refused (by reason) while reaching the others. */
export interface DingSent {
  openDingId?: string;
  refused: Record<string, string[]>;
}

/** The failedList as reason → staff ids, whatever shape each entry has (a list, or one id). */
function refusals(failed: Record<string, unknown> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [reason, v] of Object.entries(failed ?? {})) {
    const ids = (Array.isArray(v) ? v : [v]).filter((id): id is string => typeof id === 'string' && id !== '');
    if (ids.length) out[reason] = ids;
  }
  return out;
}

/**
 * DING (`POST /v1.0/robot/ding/send`) from the app robot to staff ids: `text` is what they see.
 * Refused for everyone (failedList covers all receivers): a permanent DeliveryError, so the row
 * shows as undelivered rather than retried; refused for some: the others were reached, and the
 * answer says whom it refused (a retry would DING the others again).
 */
export async function sendDing(
  api: DingTalkApi,
  o: { robotCode: string; userIds: readonly string[]; text: string; channel: EscalationChannel },
): Promise<DingSent> {
  const remindType = REMIND_TYPE.get(o.channel);
  if (!remindType) throw new DeliveryError(`dingtalk: no DING by ${o.channel}`, { permanent: true });
  const receivers = [...new Set(o.userIds)];
  if (receivers.length === 0) throw new DeliveryError('dingtalk: DING to nobody', { permanent: true });
  const content = o.text.trim().slice(0, DINGTALK_TEXT_MAX_CHARS);
  if (!content) throw new DeliveryError('dingtalk: DING without a text', { permanent: true });
  const res = await api.call<DingAnswer>('POST', '/v1.0/robot/ding/send', {
    robotCode: o.robotCode,
    receiverUserIdList: receivers,
    content,
    remindType,
  });
  const refused = refusals(res.failedList);
  const failed = new Set(Object.values(refused).flat());
  if (receivers.every((u) => failed.has(u)))
    throw new DeliveryError(`dingtalk: DING refused for every receiver (${Object.keys(refused).join(', ')})`, {
      permanent: true,
    });
  return { ...(res.openDingId ? { openDingId: res.openDingId } : {}), refused };
}
