import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { CorePort } from '../../src/contracts/adapter.js';
import { LARK_WEBHOOK_PATH } from './constants.js';
import type { LarkEvents } from './events.js';
import { CallbackVerifier, type VerifyOptions } from './verify.js';

/**
 * `POST /webhooks/lark`: event and card callbacks. Every check runs on the raw body before
 * anything is trusted; refusals are 401 with a reason and no effect. The answer goes out as soon
 * as the event is claimed; the work behind it runs afterwards.
 */
export function addWebhookRoute(app: Hono, port: CorePort, events: LarkEvents, opts: VerifyOptions): void {
  const { log, clock, maxBodyBytes } = port;
  const verifier = new CallbackVerifier(opts);
  if (verifier.maxSkewMs < opts.maxSkewMs) {
    // A longer window would admit a captured request again once its event id had been forgotten.
    log.warn('lark webhook: request timestamp window cut to half the event-id retention', {
      configuredMs: opts.maxSkewMs,
      admittedMs: verifier.maxSkewMs,
    });
  }
  const limit = bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) => c.json({ error: `body larger than ${maxBodyBytes} bytes` }, 413),
  });
  app.post(LARK_WEBHOOK_PATH, limit, async (c) => {
    const raw = await c.req.text();
    const verdict = verifier.verify(raw, (name) => c.req.header(name), clock.now());
    if (verdict.kind === 'refuse') {
      log.warn('lark callback refused', { reason: verdict.reason });
      return c.json({ error: verdict.reason }, 401);
    }
    if (verdict.kind === 'challenge') return c.json({ challenge: verdict.challenge });
    return c.json(await events.accept(verdict.payload, c));
  });
}
