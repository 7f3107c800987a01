import type { CorePort } from '../../src/contracts/adapter.js';
import { LARK_EVENT_RETENTION_MS, LARK_PLATFORM } from './constants.js';

/**
 * True the first time an event id is seen, false for every repeat: a re-pushed event (or one
 * delivered to two processes) takes effect once. The core keeps the ids (and prunes them) for
 * LARK_EVENT_RETENTION_MS, past Feishu's last re-push.
 */
export function claimEvent(port: CorePort, eventId: string): Promise<boolean> {
  return port.claimEvent(LARK_PLATFORM, eventId, LARK_EVENT_RETENTION_MS);
}
