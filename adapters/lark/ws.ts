import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../src/contracts/log.js';
import type { LarkEvents } from './events.js';

const HEADER_KEYS = ['event_id', 'event_type', 'create_time', 'token', 'app_id', 'tenant_key'] as const;

/** WSClient.start() silently does nothing for app ids of any other shape. */
export const WS_APP_ID = /^cli_[0-9a-fA-F]{16}$/;

/**
 * The SDK's dispatcher hands handlers header and event fields merged into one object; this puts
 * them back into a v2 envelope so both transports share one path. (A card callback's own `token`
 * overwrites the header's there; the long connection checks no tokens, so nothing is lost.)
 */
export function envelopeFromDispatch(data: Record<string, unknown>): Record<string, unknown> {
  const header: Record<string, unknown> = {};
  const event: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if ((HEADER_KEYS as readonly string[]).includes(k)) header[k] = v;
    else if (k !== 'schema') event[k] = v;
  }
  return { schema: '2.0', header, event };
}

export interface LongConnectionOptions {
  appId: string;
  appSecret: string;
  domain: string;
  logger: lark.Logger;
  log: Logger;
}

/**
 * Receives events over Feishu's long connection (LARK_MODE=ws, Node only): no public URL, no
 * decryption or signature (the connection itself is authenticated with the app secret). The
 * handlers answer as fast as the webhook does; what they return goes back as the response.
 */
export async function startLongConnection(events: LarkEvents, opts: LongConnectionOptions): Promise<lark.WSClient> {
  if (!WS_APP_ID.test(opts.appId))
    opts.log.warn('LARK_APP_ID does not look like cli_ + 16 hex digits; the long connection will not start');
  const handle = (data: unknown) => events.accept(envelopeFromDispatch((data ?? {}) as Record<string, unknown>));
  const dispatcher = new lark.EventDispatcher({ logger: opts.logger, loggerLevel: lark.LoggerLevel.warn }).register({
    'im.message.receive_v1': handle,
    'card.action.trigger': handle,
  });
  const ws = new lark.WSClient({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: opts.domain,
    logger: opts.logger,
    loggerLevel: lark.LoggerLevel.warn,
  });
  await ws.start({ eventDispatcher: dispatcher });
  return ws;
}
