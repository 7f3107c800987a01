import { DeliveryError } from '../../src/contracts/errors.js';
import type { DingTalkApi } from './api.js';

/** How a DING reaches people: in the DingTalk app (free), by SMS or by a phone call (paid quota). */
export type DingChannel = 'app' | 'sms' | 'phone';

/** `remindType` of `/v1.0/robot/ding/send`: 1 in the app, 2 SMS, 3 phone. */
const REMIND_TYPE: ReadonlyMap<DingChannel, 1 | 2 | 3> = new Map([
  ['app', 1],
  ['sms', 2],
  ['phone', 3],
]);

interface DingAnswer {
  openDingId?: string;
  /** Reason → the staff ids it refused (DingTalk's map). */
  failedList?: Record<string, unknown>;
}

/** The staff ids a failedList names, whatever shape each entry has (a list, or one id). */
function failedIds(failed: Record<string, unknown> | undefined): Set<string> {
  const out = new Set<string>();
  for (const v of Object.values(failed ?? {})) {
    for (const id of Array.isArray(v) ? v : [v]) if (typeof id === 'string') out.add(id);
  }
  return out;
}

/**
 * DING (`POST /v1.0/robot/ding/send`) from the app robot to staff ids: `text` is what they see.
 * Refused for everyone (failedList covers all receivers): a permanent DeliveryError, so the row
 * shows as undelivered rather than retried; refused for some: the others were reached.
 */
export async function sendDing(
  api: DingTalkApi,
  o: { robotCode: string; userIds: readonly string[]; text: string; channel: DingChannel },
): Promise<string | undefined> {
  const remindType = REMIND_TYPE.get(o.channel);
  if (!remindType) throw new DeliveryError(`dingtalk: no DING by ${o.channel}`, { permanent: true });
  const receivers = [...new Set(o.userIds)];
  if (receivers.length === 0) throw new DeliveryError('dingtalk: DING to nobody', { permanent: true });
  const res = await api.call<DingAnswer>('POST', '/v1.0/robot/ding/send', {
    robotCode: o.robotCode,
    receiverUserIdList: receivers,
    content: o.text,
    remindType,
  });
  const failed = failedIds(res.failedList);
  if (receivers.every((u) => failed.has(u)))
    throw new DeliveryError(`dingtalk: DING refused for every receiver (${Object.keys(res.failedList ?? {})})`, {
      permanent: true,
    });
  return res.openDingId || undefined;
}
