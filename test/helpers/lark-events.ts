import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import type { Clock } from '../../src/contracts/time.js';

// Events as Feishu sends them, encrypted and signed by the documented algorithm (node:crypto
// here, independent of the adapter's Web Crypto code).

export const APP_ID = 'cli_a1b2c3d4e5f60718';
export const APP_SECRET = 'fake-app-secret';
export const ENCRYPT_KEY = 'test-encrypt-key-0123456789';
export const VERIFICATION_TOKEN = 'test-verification-token';
export const BOT_OPEN_ID = 'ou_bot';

/** `{"encrypt": base64(iv + AES-256-CBC(json))}` with key = SHA-256(encryptKey). */
export function encryptBody(payload: unknown, encryptKey: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const data = Buffer.concat([iv, cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return JSON.stringify({ encrypt: data.toString('base64') });
}

/** hex(sha256(timestamp + nonce + encryptKey + body)). */
export function signature(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + body)
    .digest('hex');
}

let seq = 0;
const next = () => `${Date.now().toString(36)}${(++seq).toString(36).padStart(4, '0')}`;

export interface MentionInput {
  openId: string;
  name: string;
}

export interface MessageInput {
  from: string;
  /** Group chat id; a p2p chat when absent. */
  chat?: string;
  text?: string;
  /** A post message's content instead of text. */
  post?: unknown;
  /**
   * People mentioned, as @_user_1, @_user_2… in order; mention them in `text` by those keys. null
   * leaves the `mentions` array out of the event (as posts naming people by id may arrive).
   */
  mentions?: MentionInput[] | null;
  messageId?: string;
  eventId?: string;
  senderType?: string;
  messageType?: string;
  appId?: string;
  token?: string;
}

/** An `im.message.receive_v1` event. */
export function messageEvent(m: MessageInput): Record<string, unknown> {
  const messageId = m.messageId ?? `om_${next()}`;
  return {
    schema: '2.0',
    header: {
      event_id: m.eventId ?? `ev_${next()}`,
      event_type: 'im.message.receive_v1',
      create_time: '1796090400000',
      token: m.token ?? VERIFICATION_TOKEN,
      app_id: m.appId ?? APP_ID,
      tenant_key: 'tenant-1',
    },
    event: {
      sender: {
        sender_id: { open_id: m.from, union_id: `on_${m.from}`, user_id: `u_${m.from}` },
        sender_type: m.senderType ?? 'user',
        tenant_key: 'tenant-1',
      },
      message: {
        message_id: messageId,
        chat_id: m.chat ?? `oc_p2p_${m.from}`,
        chat_type: m.chat ? 'group' : 'p2p',
        message_type: m.messageType ?? (m.post ? 'post' : 'text'),
        content: JSON.stringify(m.post ?? { text: m.text ?? '' }),
        create_time: '1796090400000',
        ...(m.mentions === null
          ? {}
          : {
              mentions: (m.mentions ?? []).map((x, i) => ({
                key: `@_user_${i + 1}`,
                id: { open_id: x.openId, union_id: '', user_id: '' },
                name: x.name,
                tenant_key: 'tenant-1',
              })),
            }),
      },
    },
  };
}

/** A `card.action.trigger` callback: someone pressed a button on a card. */
export function cardActionEvent(c: {
  operator: string;
  value: unknown;
  cardMessageId: string;
  chat: string;
  eventId?: string;
}): Record<string, unknown> {
  return {
    schema: '2.0',
    header: {
      event_id: c.eventId ?? `ev_${next()}`,
      event_type: 'card.action.trigger',
      create_time: '1796090400000000',
      token: VERIFICATION_TOKEN,
      app_id: APP_ID,
      tenant_key: 'tenant-1',
    },
    event: {
      operator: {
        tenant_key: 'tenant-1',
        user_id: `u_${c.operator}`,
        open_id: c.operator,
        union_id: `on_${c.operator}`,
      },
      token: 'c-card-token',
      action: { value: c.value, tag: 'button' },
      host: 'im_message',
      context: { open_message_id: c.cardMessageId, open_chat_id: c.chat },
    },
  };
}

export interface PostOptions {
  /** Raw body to send instead of the encrypted payload. */
  raw?: string;
  /** Changes the body after signing. */
  tamper?: (body: string) => string;
  signature?: string | null;
  /** Seconds since the epoch; defaults to the clock's now. */
  timestamp?: string;
  nonce?: string;
  plain?: boolean;
}

/** Where callbacks go: a Hono app in the test process, or anything with the same `request` (a worker over HTTP). */
export type WebhookTarget = Pick<Hono, 'request'> | { request(path: string, init: RequestInit): Promise<Response> };

/** Posts callbacks to /webhooks/lark as Feishu would: encrypted, signed with the clock's time. */
export class LarkSender {
  constructor(
    private readonly app: WebhookTarget,
    private readonly clock: Clock,
    /** null: post plain, unsigned bodies (no encrypt key configured). */
    private readonly encryptKey: string | null = ENCRYPT_KEY,
  ) {}

  async post(payload: unknown, o: PostOptions = {}): Promise<Response> {
    const body =
      o.raw ?? (this.encryptKey && !o.plain ? encryptBody(payload, this.encryptKey) : JSON.stringify(payload));
    const timestamp = o.timestamp ?? String(Math.floor(this.clock.now().getTime() / 1000));
    const nonce = o.nonce ?? `n${next()}`;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
    };
    const sig =
      o.signature === undefined
        ? this.encryptKey
          ? signature(timestamp, nonce, this.encryptKey, body)
          : undefined
        : o.signature;
    if (sig) headers['x-lark-signature'] = sig;
    return await this.app.request('/webhooks/lark', {
      method: 'POST',
      headers,
      body: o.tamper ? o.tamper(body) : body,
    });
  }
}
