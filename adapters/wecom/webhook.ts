import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { CorePort } from '../../src/contracts/adapter.js';
import { WECOM_AIBOT_RECEIVE_ID, WECOM_WEBHOOK_PATH } from './constants.js';
import { sealReply } from './crypto.js';
import type { WecomEvents } from './events.js';
import { openEvent, openSigned, type CallbackKeys, type CallbackQuery } from './verify.js';

const query = (get: (k: string) => string | undefined): CallbackQuery => ({
  msg_signature: get('msg_signature'),
  timestamp: get('timestamp'),
  nonce: get('nonce'),
  echostr: get('echostr'),
});

/**
 * `GET /webhooks/wecom`: the URL check, answered with the decrypted echostr as it is (no quotes,
 * no newline). `POST /webhooks/wecom`: callbacks. Every check runs on the request as received
 * before anything is trusted; refusals are 401 with a reason and no effect. A message is answered
 * as soon as it is stored (the work runs afterwards); a 收到 press is answered with the card as
 * it stands, encrypted, which WeCom shows in place of the pressed one.
 */
export function addWebhookRoute(app: Hono, port: CorePort, events: WecomEvents, keys: CallbackKeys): void {
  const { log, clock, maxBodyBytes } = port;
  const limit = bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) => c.json({ error: `body larger than ${maxBodyBytes} bytes` }, 413),
  });
  app.get(WECOM_WEBHOOK_PATH, (c) => {
    const q = query((k) => c.req.query(k));
    const opened = openSigned(keys, q, q.echostr, clock.now());
    if (!opened.ok) {
      log.warn('wecom url check refused', { reason: opened.reason });
      return c.json({ error: opened.reason }, 401);
    }
    return c.text(opened.plain);
  });
  app.post(WECOM_WEBHOOK_PATH, limit, async (c) => {
    const q = query((k) => c.req.query(k));
    const opened = openEvent(keys, q, await c.req.text(), clock.now());
    if (!opened.ok) {
      log.warn('wecom callback refused', { reason: opened.reason });
      return c.json({ error: opened.reason }, 401);
    }
    const answer = await events.accept(opened.event, { kind: 'webhook', c });
    if (answer.kind === 'none') return c.text('');
    const reply = JSON.stringify({ response_type: 'update_template_card', template_card: answer.card });
    const sealed = { token: keys.token, aesKey: keys.aesKey, receiveId: WECOM_AIBOT_RECEIVE_ID };
    return c.json(sealReply(sealed, reply, q.timestamp!, q.nonce!));
  });
}
