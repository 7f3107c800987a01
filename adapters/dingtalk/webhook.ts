import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { CorePort } from '../../src/contracts/adapter.js';
import { DINGTALK_WEBHOOK_PATH } from './constants.js';
import type { DingTalkEvents } from './events.js';
import { CallbackVerifier } from './verify.js';

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * `POST /webhooks/dingtalk`: robot messages in HTTP mode. The signature is checked before the
 * body is read as anything; refusals are 401 with a reason and no effect. The answer goes out
 * once the message is in the inbox (503 when it could not be stored); the work runs afterwards.
 */
export function addWebhookRoute(
  app: Hono,
  port: CorePort,
  events: DingTalkEvents,
  opts: { secret: string; maxSkewMs: number },
): void {
  const { log, clock, maxBodyBytes } = port;
  const verifier = new CallbackVerifier(opts.secret, opts.maxSkewMs);
  const limit = bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) => c.json({ error: `body larger than ${maxBodyBytes} bytes` }, 413),
  });
  app.post(DINGTALK_WEBHOOK_PATH, limit, async (c) => {
    const sign = c.req.header('sign');
    const now = clock.now();
    const verdict = verifier.verify(c.req.header('timestamp'), sign, now);
    if (!verdict.ok) {
      log.warn('dingtalk callback refused', { reason: verdict.reason });
      return c.json({ error: verdict.reason }, 401);
    }
    const body = parseObject(await c.req.text());
    if (!body) return c.json({ error: 'body is not a JSON object' }, 400);
    const msgId = typeof body.msgId === 'string' ? body.msgId : '';
    if (!verifier.take(sign!, msgId, now)) {
      log.warn('dingtalk callback refused', { reason: 'signature reused for another message' });
      return c.json({ error: 'signature already used' }, 401);
    }
    try {
      await events.message(body, c);
    } catch (err) {
      log.error('dingtalk callback not stored', { msgId, err });
      return c.json({ error: 'not stored, send again' }, 503);
    }
    return c.json({});
  });
}
