import type { FailureOutcome } from './failure.js';
import type { RowStore } from './row-store.js';
import type { OutboxRow } from './rows.js';
import { ackAnswerSchema, claimAnswerSchema, sendsAnswerSchema } from './wire.js';
import { z } from 'zod';
import { postCore, type CoreEndpoint } from './core-http.js';

const okAnswer = z.object({ ok: z.boolean() });

/**
 * The rows of a core that runs elsewhere, through its outbox routes (src/http/outbox-routes.ts): a
 * gateway runs the same Relay over this store as the core runs over its database, so pacing,
 * ordering, timeouts and retries are the relay's own. The core decides retries and dead rows.
 */
export function remoteRowStore(core: CoreEndpoint): RowStore {
  return {
    async claim(o) {
      const out: OutboxRow[] = [];
      for (const platform of o.platforms) {
        const r = await postCore(
          core,
          '/v1/outbox/claim',
          { platform, owner: o.owner, max: o.limit, leaseMs: o.leaseMs },
          claimAnswerSchema,
        );
        out.push(...(r.data?.rows ?? []));
      }
      return out;
    },
    async sent(id, owner, _at, platformMessageId) {
      const body = { id, owner, ok: true, ...(platformMessageId ? { platformMessageId } : {}) };
      const r = await postCore(core, '/v1/outbox/ack', body, ackAnswerSchema, [409]);
      return r.status === 200;
    },
    async failed(row, owner, f, now): Promise<FailureOutcome> {
      const body = {
        id: row.id,
        owner,
        ok: false,
        error: f.error.slice(0, 2000),
        retryAfterMs: f.retryAfterMs,
        permanent: f.permanent,
        status: f.status,
      };
      const r = await postCore(core, '/v1/outbox/ack', body, ackAnswerSchema, [409]);
      // 409: the lease was lost and the row is another relay's now; nothing to wait for here.
      if (!r.data) return { attempts: row.attempts, dead: false, retryAt: now, throttled: false };
      return {
        attempts: r.data.attempts ?? row.attempts,
        dead: r.data.status === 'dead',
        retryAt: r.data.retryAt ?? now,
        throttled: r.data.throttled ?? false,
      };
    },
    async release(ids, owner, notBefore, reason) {
      if (ids.length === 0) return;
      await postCore(core, '/v1/outbox/release', { ids, owner, notBefore, ...(reason ? { reason } : {}) }, okAnswer);
    },
    async recentSends(platform, since) {
      const r = await postCore(core, '/v1/outbox/sends', { platform, since, list: true }, sendsAnswerSchema);
      return r.data?.sends ?? [];
    },
    async countSentSince(platform, since) {
      const r = await postCore(core, '/v1/outbox/sends', { platform, since }, sendsAnswerSchema);
      return r.data?.count ?? 0;
    },
  };
}
