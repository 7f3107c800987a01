import { encrypt, getSignature } from '@wecom/crypto';
import type { Clock } from '../../src/contracts/time.js';

// Callbacks of the 智能机器人 as WeCom sends them, encrypted and signed with the documented
// algorithm by the official @wecom/crypto (not by the adapter's own code).

export const BOT_ID = 'aib_test_bot';
export const BOT_SECRET = 'aib-test-secret';
export const TOKEN = 'wecom-test-token';
/** An EncodingAESKey: base64 of 32 bytes without its "=" (43 characters). */
export const AES_KEY = Buffer.alloc(32, 9).toString('base64').replace(/=$/, '');

let seq = 0;

export interface MessageInput {
  from: string;
  /** A group chat id; a direct message without it. */
  chat?: string;
  text: string;
  msgid?: string;
  responseUrl?: string;
}

/** The body of a text message callback (chatid only in groups, as WeCom sends it). */
export function messageBody(m: MessageInput): Record<string, unknown> {
  return {
    msgid: m.msgid ?? `msg_${++seq}_${Math.random().toString(36).slice(2, 8)}`,
    aibotid: BOT_ID,
    ...(m.chat ? { chatid: m.chat, chattype: 'group' } : { chattype: 'single' }),
    from: { userid: m.from },
    create_time: Math.floor(Date.now() / 1000),
    ...(m.responseUrl ? { response_url: m.responseUrl } : {}),
    msgtype: 'text',
    text: { content: m.text },
  };
}

/** The body of a template card button press. */
export function cardPressBody(p: {
  from: string;
  chat?: string;
  key: string;
  taskId: string;
}): Record<string, unknown> {
  return {
    msgid: `evt_${++seq}`,
    create_time: Math.floor(Date.now() / 1000),
    aibotid: BOT_ID,
    ...(p.chat ? { chatid: p.chat, chattype: 'group' } : { chattype: 'single' }),
    from: { userid: p.from },
    msgtype: 'event',
    event: { eventtype: 'template_card_event', event_key: p.key, task_id: p.taskId },
  };
}

export interface SignOptions {
  token?: string;
  receiveId?: string;
  /** Seconds; default: the clock's now. */
  timestamp?: number;
  nonce?: string;
}

/** `?msg_signature&timestamp&nonce` and the `{"encrypt": …}` body of `plain`. */
export function sealed(
  plain: string,
  clock: Clock,
  o: SignOptions = {},
): { query: URLSearchParams; encrypted: string } {
  const encrypted = encrypt(AES_KEY, plain, o.receiveId ?? '');
  const timestamp = String(o.timestamp ?? Math.floor(clock.now().getTime() / 1000));
  const nonce = o.nonce ?? `n${++seq}`;
  const query = new URLSearchParams({
    msg_signature: getSignature(o.token ?? TOKEN, timestamp, nonce, encrypted),
    timestamp,
    nonce,
  });
  return { query, encrypted };
}

type Fetcher = { request(path: string, init?: RequestInit): Response | Promise<Response> };

/** Posts callbacks to /webhooks/wecom of an app (or a worker), signed as WeCom signs them. */
export class WecomSender {
  constructor(
    private readonly app: Fetcher,
    private readonly clock: Clock,
  ) {}

  /** A signed, encrypted POST of `body`; `tamper` changes the body after signing. */
  post(body: unknown, o: SignOptions & { tamper?: (raw: string) => string } = {}): Promise<Response> {
    const { query, encrypted } = sealed(JSON.stringify(body), this.clock, o);
    const raw = JSON.stringify({ encrypt: encrypted });
    return Promise.resolve(
      this.app.request(`/webhooks/wecom?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: o.tamper ? o.tamper(raw) : raw,
      }),
    );
  }

  /** The URL check: GET with the encrypted echostr. */
  urlCheck(echo: string, o: SignOptions = {}): Promise<Response> {
    const { query, encrypted } = sealed(echo, this.clock, o);
    query.set('echostr', encrypted);
    // The signature covers the echostr (it was computed over `encrypted` above).
    return Promise.resolve(this.app.request(`/webhooks/wecom?${query}`));
  }
}
