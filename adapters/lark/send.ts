import type * as lark from '@larksuiteoapi/node-sdk';
import { DeliveryError } from '../../src/contracts/errors.js';
import type { Logger } from '../../src/contracts/log.js';
import type { IncomingMessage, Reply } from '../../src/contracts/message.js';
import { LARK_REPLY_RETRY_MAX_WAIT_MS, LARK_REPLY_SEND_ATTEMPTS, LARK_UUID_MAX_CHARS } from './constants.js';
import { sha256Hex } from './crypto.js';
import { codeError, toDeliveryError } from './errors.js';
import { textContent } from './render.js';

/** Where a message goes: a reply to a message, or a new message to a chat or a person. */
export type SendTarget =
  { kind: 'reply'; messageId: string } | { kind: 'create'; receiveIdType: 'chat_id' | 'open_id'; receiveId: string };

export interface SendBody {
  msgType: 'text' | 'interactive';
  /** The JSON string Feishu expects in `content`. */
  content: string;
  /** Feishu sends at most one message per uuid within an hour. */
  uuid: string;
}

/** A uuid Feishu accepts (≤ 50 chars): the key itself when short enough, else a hash of it. */
export function larkUuid(key: string): string {
  if (key.length <= LARK_UUID_MAX_CHARS) return key;
  return `h-${sha256Hex(key).slice(0, LARK_UUID_MAX_CHARS - 2)}`;
}

/** Sends one message; returns its message_id. Failures are DeliveryErrors. */
export async function sendMessage(client: lark.Client, to: SendTarget, body: SendBody): Promise<string | undefined> {
  const data = { msg_type: body.msgType, content: body.content, uuid: body.uuid };
  let res: { code?: number; msg?: string; data?: { message_id?: string } };
  try {
    res =
      to.kind === 'reply'
        ? await client.im.message.reply({ path: { message_id: to.messageId }, data })
        : await client.im.message.create({
            params: { receive_id_type: to.receiveIdType },
            data: { ...data, receive_id: to.receiveId },
          });
  } catch (err) {
    throw toDeliveryError(err);
  }
  if (res.code !== undefined && res.code !== 0) throw codeError(res.code, res.msg);
  return res.data?.message_id;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends the core's answer to a message: chat replies as Feishu replies to it, direct answers as
 * new messages to the sender. Each send's uuid comes from the message id and the reply's index,
 * so handling the same message twice cannot post twice. Rate limits and 5xx are retried a few
 * times; a reply that still fails is logged and the next one is tried. Returns how many failed
 * for a reason that may pass (the caller may send them all again later: the uuids make it safe).
 */
export async function sendReplies(
  client: lark.Client,
  msg: IncomingMessage,
  replies: readonly Reply[],
  log: Logger,
): Promise<number> {
  let transient = 0;
  for (const [i, r] of replies.entries()) {
    const to: SendTarget = r.direct
      ? { kind: 'create', receiveIdType: 'open_id', receiveId: r.chatId }
      : r.chatId === msg.chatId
        ? { kind: 'reply', messageId: msg.messageId }
        : { kind: 'create', receiveIdType: 'chat_id', receiveId: r.chatId };
    const body: SendBody = {
      msgType: 'text',
      content: textContent(r.text, r.mentions),
      uuid: larkUuid(`${msg.messageId}:r${i}`),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await sendMessage(client, to, body);
        break;
      } catch (err) {
        const e = err instanceof DeliveryError ? err : toDeliveryError(err);
        if (e.opts.permanent || attempt >= LARK_REPLY_SEND_ATTEMPTS) {
          log.error('lark reply failed', { messageId: msg.messageId, reply: i, attempt, err: e });
          if (!e.opts.permanent) transient++;
          break;
        }
        await sleep(Math.min(e.opts.retryAfterMs ?? 1000, LARK_REPLY_RETRY_MAX_WAIT_MS));
      }
    }
  }
  return transient;
}
