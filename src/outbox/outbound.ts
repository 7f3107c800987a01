import { z } from 'zod';
import { actionSchema, type NoticeRef, type Outbound, type OutboundButton } from '../contracts/adapter.js';
import { mentionSchema, type Mention } from '../contracts/message.js';
import { platformKey, PLATFORM_KEY_CHARS } from './keys.js';
import type { OutboxRow } from './rows.js';

/** Outbox kinds whose rows belong to a notice (their payload names it). */
const NOTICE_KINDS: ReadonlySet<string> = new Set(['notice', 'notice.chase', 'notice.escalate', 'notice.recall']);
/** The kind of a recall row: the deliverer withdraws a delivered message instead of sending. */
const RECALL_KIND = 'notice.recall';
const recallPayloadSchema = z.object({ recall: z.object({ platformMessageId: z.string().min(1).max(200) }) });
/** The kind of an escalation row: the deliverer presses people (Feishu 加急) instead of sending. */
const ESCALATE_KIND = 'notice.escalate';

const escalatePayloadSchema = z.object({
  escalate: z.object({
    platformMessageId: z.string().min(1).max(200).nullable(),
    userIds: z.array(z.string().min(1).max(200)).min(1).max(500),
    channel: z.enum(['app', 'sms', 'phone']),
  }),
});

/** Longest notice title passed on (cards show it as their header). */
const MAX_TITLE_CHARS = 200;

/** The payload the notices feature writes on its rows; older rows may carry the id as a string. */
const noticePayloadSchema = z.object({
  noticeId: z.union([
    z.number().int().positive(),
    z
      .string()
      .regex(/^\d{1,15}$/)
      .transform(Number),
  ]),
  title: z.string().max(MAX_TITLE_CHARS).optional(),
});

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The notice a row belongs to, from its payload; undefined for other kinds or a payload of another shape. */
function noticeOf(row: Pick<OutboxRow, 'kind' | 'payload'>): NoticeRef | undefined {
  if (!NOTICE_KINDS.has(row.kind)) return undefined;
  const parsed = noticePayloadSchema.safeParse(parseJson(row.payload));
  return parsed.success ? { id: parsed.data.noticeId, title: parsed.data.title ?? null } : undefined;
}

/** A button the row's payload asks for (`{ button: { label, action } }`), or undefined. */
const buttonSchema = z.object({ button: z.object({ label: z.string().min(1).max(20), action: actionSchema }) });
function buttonOf(row: Pick<OutboxRow, 'payload'>): OutboundButton | undefined {
  return buttonSchema.safeParse(parseJson(row.payload)).data?.button;
}

function escalationOf(row: Pick<OutboxRow, 'kind' | 'payload'>): Outbound['escalate'] {
  if (row.kind !== ESCALATE_KIND) return undefined;
  return escalatePayloadSchema.safeParse(parseJson(row.payload)).data?.escalate;
}

function recallOf(row: Pick<OutboxRow, 'kind' | 'payload'>): Outbound['recall'] {
  if (row.kind !== RECALL_KIND) return undefined;
  return recallPayloadSchema.safeParse(parseJson(row.payload)).data?.recall;
}

function mentionsOf(text: string): Mention[] {
  return z.array(mentionSchema).safeParse(parseJson(text)).data ?? [];
}

/**
 * An outbox row as its adapter gets it: typed fields instead of JSON columns, and the row's
 * idempotency key cut to what the platform accepts (`keyChars`, from its capabilities). The relay
 * and the tests' fixtures both map rows with this, so a test sees what production sends.
 */
export async function toOutbound(row: OutboxRow, keyChars = PLATFORM_KEY_CHARS): Promise<Outbound> {
  const notice = noticeOf(row);
  const button = buttonOf(row);
  const escalate = escalationOf(row);
  const recall = recallOf(row);
  return {
    id: row.id,
    chatId: row.chatId,
    direct: row.direct,
    kind: row.kind,
    ref: row.ref,
    text: row.text,
    mentions: mentionsOf(row.mentions),
    ...(notice ? { notice } : {}),
    ...(button ? { button } : {}),
    ...(escalate ? { escalate } : {}),
    ...(recall ? { recall } : {}),
    idempotencyKey: await platformKey(row.idemKey, keyChars),
  };
}
