import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Core } from '../../src/adapter.js';
import { LARK_WEBHOOK_PATH } from './constants.js';
import type { LarkEvents } from './events.js';
import { verifyCallback } from './verify.js';

export interface WebhookOptions {
  appId: string;
  encryptKey?: string;
  verificationToken?: string;
  maxSkewMs: number;
}

/**
 * `POST /webhooks/lark`: event and card callbacks. Every check runs on the raw body before
 * anything is trusted; refusals are 401 with a reason and no effect. The answer goes out as soon
 * as the event is claimed; the work behind it runs afterwards.
 */
export function addWebhookRoute(app: Hono, core: Core, events: LarkEvents, opts: WebhookOptions): void {
  const { config, log, clock } = core.deps;
  const limit = bodyLimit({
    maxSize: config.MAX_BODY_BYTES,
    onError: (c) => c.json({ error: `body larger than ${config.MAX_BODY_BYTES} bytes` }, 413),
  });
  app.post(LARK_WEBHOOK_PATH, limit, async (c) => {
    const raw = await c.req.text();
    const verdict = await verifyCallback(raw, (name) => c.req.header(name), { ...opts, now: clock.now() });
    if (verdict.kind === 'refuse') {
      log.warn('lark callback refused', { reason: verdict.reason });
      return c.json({ error: verdict.reason }, 401);
    }
    if (verdict.kind === 'challenge') return c.json({ challenge: verdict.challenge });
    return c.json(await events.accept(verdict.payload, c));
  });
}
