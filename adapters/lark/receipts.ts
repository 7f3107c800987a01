import type * as lark from '@larksuiteoapi/node-sdk';
import type { DeliveredMessage, EscalationChannel, ReadReceipts } from '../../src/contracts/adapter.js';
import { DeliveryError } from '../../src/contracts/errors.js';
import { codeError, toDeliveryError } from './errors.js';

/** `read_users` answers for the bot's own messages of the last 7 days only. */
export const LARK_READ_RECEIPTS_MAX_AGE_MS = 7 * 24 * 3_600_000;
/** Largest page `read_users` returns. */
const READ_USERS_PAGE_SIZE = 100;
/** Pages read at most per message (10,000 readers): a runaway page_token cannot loop for ever. */
const READ_USERS_MAX_PAGES = 100;

/** Who read a message: every page of `GET /open-apis/im/v1/messages/:id/read_users` (open_ids). */
export function larkReceipts(client: lark.Client): ReadReceipts {
  return {
    maxAgeMs: LARK_READ_RECEIPTS_MAX_AGE_MS,
    async readers(m: DeliveredMessage): Promise<string[]> {
      const out: string[] = [];
      let pageToken: string | undefined;
      for (let page = 0; page < READ_USERS_MAX_PAGES; page++) {
        let res: Awaited<ReturnType<typeof client.im.message.readUsers>>;
        try {
          res = await client.im.message.readUsers({
            path: { message_id: m.platformMessageId },
            params: {
              user_id_type: 'open_id',
              page_size: READ_USERS_PAGE_SIZE,
              ...(pageToken ? { page_token: pageToken } : {}),
            },
          });
        } catch (err) {
          throw toDeliveryError(err);
        }
        if (res.code !== undefined && res.code !== 0) throw codeError(res.code, res.msg);
        out.push(...(res.data?.items ?? []).map((i) => i.user_id));
        pageToken = res.data?.page_token;
        if (!res.data?.has_more || !pageToken) break;
      }
      return [...new Set(out)];
    },
  };
}

/**
 * 加急 of one of the bot's own messages to people in its chat. Only the in-app kind is free:
 * SMS and phone cost the tenant's paid quota, and Pioneer never asks Feishu for them.
 */
export async function larkUrgent(
  client: lark.Client,
  e: { platformMessageId: string | null; userIds: string[]; channel: EscalationChannel },
): Promise<void> {
  if (e.channel !== 'app') throw new DeliveryError(`lark: no ${e.channel} escalation`, { permanent: true });
  if (!e.platformMessageId) throw new DeliveryError('lark: 加急 needs a delivered message', { permanent: true });
  let res: Awaited<ReturnType<typeof client.im.message.urgentApp>>;
  try {
    res = await client.im.message.urgentApp({
      path: { message_id: e.platformMessageId },
      params: { user_id_type: 'open_id' },
      data: { user_id_list: e.userIds },
    });
  } catch (err) {
    throw toDeliveryError(err);
  }
  if (res.code !== undefined && res.code !== 0) throw codeError(res.code, res.msg);
}
