import type * as lark from '@larksuiteoapi/node-sdk';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Core } from '../../src/contracts/adapter.js';
import { outbox } from '../../src/db/schema.js';
import type { Db } from '../../src/contracts/store.js';
import { mentionSchema, type IncomingMessage } from '../../src/contracts/message.js';
import { ackNoticeId, confirmationsFromReply, noticeCard, noticePayload, type Confirmations } from './card.js';
import { LARK_PLATFORM } from './constants.js';
import type { NameResolver } from './names.js';
import { cardActionEventSchema, type LarkEnvelope } from './payloads.js';

/**
 * Optional hook that counts a notice's confirmations (the notices feature can provide it).
 * Without it the count is read from the core's answer to "收到 <id>".
 */
export type ConfirmationsHook = (noticeId: string, db: Db) => Promise<Confirmations | null>;

/** What a card callback is answered with: a toast, shown to the person who pressed. */
export interface CardAnswer {
  toast?: { type: 'info' | 'success' | 'error' | 'warning'; content: string };
}

interface NoticeRow {
  chatId: string;
  direct: boolean;
  text: string;
  mentions: string;
  payload: string | null;
}

/** The outbox rows that sent this notice on Lark, the one for `chatId` first. */
async function noticeRows(db: Db, noticeId: string, chatId: string): Promise<NoticeRow[]> {
  return db
    .select({ chatId: outbox.chatId, direct: outbox.direct, text: outbox.text, mentions: outbox.mentions, payload: outbox.payload })
    .from(outbox)
    .where(and(eq(outbox.platform, LARK_PLATFORM), eq(outbox.kind, 'notice'), sql`CAST(json_extract(${outbox.payload}, '$.noticeId') AS TEXT) = ${noticeId}`))
    .orderBy(sql`${outbox.chatId} = ${chatId} DESC`, outbox.id)
    .limit(20);
}

function parseJson(text: string | null): unknown {
  try {
    return text === null ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

export interface CardActionDeps {
  core: Core;
  client: lark.Client;
  names: NameResolver;
  confirmations?: ConfirmationsHook;
  /** Runs the card update after the answer. */
  later(what: string, work: () => Promise<unknown>): void;
}

/**
 * A 收到 button: hands the core "收到 <noticeId>" from the person who pressed it (the message id
 * is per card and person, so pressing again changes nothing), answers with a toast carrying the
 * core's reply, and afterwards patches the card with the new count of confirmations.
 */
export async function handleCardAction(env: LarkEnvelope, deps: CardActionDeps): Promise<CardAnswer> {
  const parsed = cardActionEventSchema.safeParse(env.event);
  if (!parsed.success) return {};
  const noticeId = ackNoticeId(parsed.data.action.value);
  if (noticeId === null) return {};
  const { open_message_id: cardMessageId, open_chat_id: chatId } = parsed.data.context;
  const operator = parsed.data.operator.open_id;
  const db = deps.core.deps.store.db;

  const rows = await noticeRows(db, noticeId, chatId);
  const inGroup = rows.some((r) => !r.direct && r.chatId === chatId);
  const msg: IncomingMessage = {
    platform: LARK_PLATFORM,
    chatId,
    chatType: inGroup ? 'group' : 'direct',
    senderId: operator,
    senderName: await deps.names.resolve(operator, { remote: false }),
    messageId: `card:${cardMessageId}:${operator}`,
    text: `收到 ${noticeId}`,
    mentions: [],
    mentionsBot: false,
  };
  const result = await deps.core.handle(msg);
  const text = result.replies.map((r) => r.text).join('\n').trim();

  const row = rows[0];
  if (row) {
    deps.later('card.patch', async () => {
      const counted = deps.confirmations ? await deps.confirmations(noticeId, db) : confirmationsFromReply(text);
      if (!counted) return;
      const card = noticeCard({
        noticeId,
        title: noticePayload(parseJson(row.payload))?.title,
        text: row.text,
        mentions: z.array(mentionSchema).safeParse(parseJson(row.mentions)).data ?? [],
        confirmations: counted,
      });
      const res = await deps.client.im.message.patch({ path: { message_id: cardMessageId }, data: { content: JSON.stringify(card) } });
      if (res.code !== undefined && res.code !== 0) throw new Error(`card patch refused: code ${res.code} ${res.msg ?? ''}`);
    });
  }
  return { toast: { type: 'info', content: text || '已收到' } };
}
