import type { DeliveredMessage, ReadReceipts } from '../../src/contracts/adapter.js';
import { DeliveryError } from '../../src/contracts/errors.js';
import type { Clock } from '../../src/contracts/time.js';
import type { DingTalkApi } from './api.js';
import {
  DINGTALK_DIRECT_READ_MAX_AGE_MS,
  DINGTALK_GROUP_READ_MAX_AGE_MS,
  DINGTALK_READ_MAX_PAGES,
  DINGTALK_READ_PAGE_SIZE,
} from './constants.js';

interface GroupQueryAnswer {
  readUserIds?: unknown;
  hasMore?: boolean;
  nextToken?: string;
}

interface OtoQueryAnswer {
  messageReadInfoList?: { userId?: string; readStatus?: string }[];
}

/**
 * Who read what the app robot sent. A group message: every page of `POST
 * /v1.0/robot/groupMessages/query` (`readUserIds`, 200 a page, `nextToken` while `hasMore`), asked
 * with the robotCode and openConversationId it was sent with. A direct message (batchSend):
 * `GET /v1.0/robot/oToMessages/readStatus`, the recipients whose readStatus is READ. User ids are
 * staff ids, as the messages people send carry them (`senderStaffId`).
 */
export class DingTalkReceipts implements ReadReceipts {
  readonly maxAgeMs = DINGTALK_GROUP_READ_MAX_AGE_MS;

  constructor(private readonly o: { api: DingTalkApi; robotCode: string; clock: Clock }) {}

  async readers(m: DeliveredMessage): Promise<string[]> {
    if (m.direct) {
      // DingTalk answers for a day only; later it refuses, so it is not asked (the core keeps what it learnt).
      if (this.o.clock.now().getTime() - m.sentAt > DINGTALK_DIRECT_READ_MAX_AGE_MS)
        throw new DeliveryError('dingtalk: read status of a direct message is kept 24 hours', { permanent: true });
      return this.direct(m.platformMessageId);
    }
    return this.group(m.chatId, m.platformMessageId);
  }

  private async group(openConversationId: string, processQueryKey: string): Promise<string[]> {
    const out = new Set<string>();
    let nextToken: string | undefined;
    for (let page = 0; page < DINGTALK_READ_MAX_PAGES; page++) {
      const res = await this.o.api.call<GroupQueryAnswer>('POST', '/v1.0/robot/groupMessages/query', {
        robotCode: this.o.robotCode,
        openConversationId,
        processQueryKey,
        maxResults: DINGTALK_READ_PAGE_SIZE,
        ...(nextToken ? { nextToken } : {}),
      });
      if (Array.isArray(res.readUserIds)) for (const u of res.readUserIds) if (typeof u === 'string' && u) out.add(u);
      if (!res.hasMore || !res.nextToken || res.nextToken === nextToken) break;
      nextToken = res.nextToken;
    }
    return [...out];
  }

  private async direct(processQueryKey: string): Promise<string[]> {
    const q = new URLSearchParams({ robotCode: this.o.robotCode, processQueryKey });
    const res = await this.o.api.call<OtoQueryAnswer>('GET', `/v1.0/robot/oToMessages/readStatus?${q}`);
    return (res.messageReadInfoList ?? [])
      .filter((r) => r.readStatus === 'READ' && typeof r.userId === 'string' && r.userId)
      .map((r) => r.userId!);
  }
}
