import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import type { CommandDeps as CoreDeps } from '../command/context.js';
import { dbRowStore, failById, type OnHeld } from '../outbox/row-store.js';
import { platformsOf } from '../outbox/rows.js';
import { callerFrom, mayRelay, platformRefused, tokensConfigured } from './auth.js';
import { ackRequestSchema, claimRequestSchema, releaseRequestSchema, sendsRequestSchema } from '../outbox/wire.js';

/** Largest body the outbox routes read. */
const MAX_OUTBOX_BODY_BYTES = 16 * 1024;

type Parsed<T> = { ok: true; data: T } | { ok: false; res: Response };

async function body<S extends z.ZodType>(c: Context, schema: S): Promise<Parsed<z.infer<S>>> {
  const text = await c.req.text();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, res: c.json({ error: 'body is not valid JSON' }, 400) };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || '(body)';
  return { ok: false, res: c.json({ error: `${field}: ${issue.message}`, field }, 400) };
}

export interface OutboxRouteOptions {
  /** Platforms this process relays itself: a gateway may not claim them (the two would race). */
  localPlatforms: readonly string[];
  /** Told when rows given back are held past a daily cap (the officers' held notices). */
  onHeld?: OnHeld;
}

/**
 * POST /v1/outbox/claim, /ack, /release and /sends: how a gateway that runs a platform elsewhere
 * (the WeChat gateway beside a core on Workers) takes that platform's outbox rows. Leases and
 * state changes are the relay's own (rows.ts); a gateway that dies leaves leases that expire, and
 * its rows are claimed again. Bearer auth is the /v1/* middleware; these routes also refuse to
 * work at all unless a token is set (rows can carry personal data), and a gateway's token reaches
 * only its own platform's rows (./auth.ts mayRelay).
 */
export function outboxRoutes(app: Hono, deps: CoreDeps, opts: OutboxRouteOptions): void {
  const db = deps.store.db;
  const now = () => deps.clock.now().getTime();
  const rows = dbRowStore(db, { settings: deps.config, clock: deps.clock, log: deps.log, onHeld: opts.onHeld });

  app.use('/v1/outbox/*', async (c, next) => {
    if (!tokensConfigured(deps.config))
      return c.json({ error: 'the outbox routes need CORE_TOKEN or GATEWAY_TOKENS to be set on the core' }, 403);
    return next();
  });
  /** A 403 unless the caller may relay every platform named (directly, or by the rows' ids). */
  const refused = (c: Context, platforms: Iterable<string>) => {
    for (const p of platforms) if (!mayRelay(deps.config, callerFrom(c), p)) return platformRefused(c, p);
    return null;
  };
  app.use(
    '/v1/outbox/*',
    bodyLimit({
      maxSize: MAX_OUTBOX_BODY_BYTES,
      onError: (c) => c.json({ error: `body larger than ${MAX_OUTBOX_BODY_BYTES} bytes` }, 413),
    }),
  );

  app.post('/v1/outbox/claim', async (c) => {
    const b = await body(c, claimRequestSchema);
    if (!b.ok) return b.res;
    const { platform, owner, max, leaseMs } = b.data;
    const no = refused(c, [platform]);
    if (no) return no;
    if (opts.localPlatforms.includes(platform))
      return c.json({ error: `platform ${platform} is relayed by the core itself` }, 409);
    const t = now();
    return c.json({ now: t, rows: await rows.claim({ platforms: [platform], owner, now: t, leaseMs, limit: max }) });
  });

  app.post('/v1/outbox/ack', async (c) => {
    const b = await body(c, ackRequestSchema);
    if (!b.ok) return b.res;
    const a = b.data;
    const no = refused(c, await platformsOf(db, [a.id]));
    if (no) return no;
    if (a.ok) {
      if (await rows.sent(a.id, a.owner, now(), a.platformMessageId)) return c.json({ status: 'sent' });
      return c.json({ error: 'lease lost: the row is not leased to this owner' }, 409);
    }
    const failure = { error: a.error, retryAfterMs: a.retryAfterMs, permanent: a.permanent, status: a.status };
    const o = await failById(db, a.id, a.owner, failure, { settings: deps.config, now: now() });
    if (!o) return c.json({ error: 'lease lost: the row is not leased to this owner' }, 409);
    return c.json({
      status: o.dead ? 'dead' : 'pending',
      attempts: o.attempts,
      retryAt: o.retryAt,
      throttled: o.throttled,
    });
  });

  app.post('/v1/outbox/release', async (c) => {
    const b = await body(c, releaseRequestSchema);
    if (!b.ok) return b.res;
    const { ids, owner, notBefore, reason } = b.data;
    const no = refused(c, await platformsOf(db, ids));
    if (no) return no;
    await rows.release(ids, owner, notBefore, reason);
    return c.json({ ok: true });
  });

  app.post('/v1/outbox/sends', async (c) => {
    const b = await body(c, sendsRequestSchema);
    if (!b.ok) return b.res;
    const { platform, since, list } = b.data;
    const no = refused(c, [platform]);
    if (no) return no;
    if (!list) return c.json({ count: await rows.countSentSince(platform, since) });
    const sends = await rows.recentSends(platform, since);
    return c.json({ count: sends.length, sends });
  });
}
