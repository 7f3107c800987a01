import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { timingSafeEqual } from 'hono/utils/buffer';
import { isJsonContentType, readIncoming, type Adapter, type CorePort } from '../contracts/adapter.js';
import type { CommandDeps as CoreDeps } from '../command/context.js';
import type { OnHeld } from '../outbox/row-store.js';
import { outboxRoutes } from './outbox-routes.js';
import { newErrorId } from '../contracts/errors.js';
import { exportRoutes } from './exports.js';
import { duesRoutes } from './dues.js';

export interface AppOptions {
  deps: CoreDeps;
  /** Where /v1/messages goes: the core's port (src/runtime/port.ts). */
  port: CorePort;
  /** Adapters whose routes the app serves (webhooks, pages); nothing else of them is read here. */
  adapters?: readonly Pick<Adapter, 'routes'>[];
  /** Platforms this process relays itself: a gateway may not claim their rows. */
  localPlatforms?: readonly string[];
  /** Told when rows a gateway gives back are held past a daily cap. */
  onHeld?: OnHeld;
}

/** A JSON error body: `{ error, field? }`, never a stack trace. */
function jsonError(c: Context, status: 400 | 401 | 404 | 413 | 415, error: string, field?: string) {
  return c.json(field ? { error, field } : { error }, status);
}

/** Builds the core's Hono app; adapters add their own routes. */
export function createApp({ deps, port, adapters = [], localPlatforms = [], onHeld }: AppOptions): Hono {
  const app = new Hono();
  const limit = bodyLimit({
    maxSize: deps.config.MAX_BODY_BYTES,
    onError: (c) => jsonError(c, 413, `body larger than ${deps.config.MAX_BODY_BYTES} bytes`),
  });

  // Every answer may carry personal data, and none is meant to be rendered as something else:
  // not cached, not sniffed (routes that need otherwise set their own).
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
  });
  // One limit for every route with a body, adapters' included, before anything reads it.
  app.use('*', limit);

  app.get('/healthz', async (c) => {
    const ok = await deps.store.ping().catch(() => false);
    return c.json({ ok }, ok ? 200 : 503);
  });

  app.use('/v1/*', async (c, next) => {
    const token = deps.config.CORE_TOKEN;
    if (!token) return next();
    const header = c.req.header('authorization') ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!given || !(await timingSafeEqual(given, token))) return jsonError(c, 401, 'missing or wrong bearer token');
    return next();
  });

  app.post('/v1/messages', async (c) => {
    // Only JSON: a cross-site form or text/plain post from a page elsewhere never gets this far.
    if (!isJsonContentType(c.req.header('content-type')))
      return jsonError(c, 415, 'content-type must be application/json');
    const read = readIncoming(await c.req.text());
    if (!read.ok) return jsonError(c, 400, read.error, read.field);
    return c.json(await port.handle(read.msg));
  });

  exportRoutes(app, deps);
  duesRoutes(app, deps);
  outboxRoutes(app, deps, { localPlatforms, onHeld });
  for (const a of adapters) a.routes?.(app, port);

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((err, c) => {
    const errorId = newErrorId();
    deps.log.error('request failed', { errorId, path: c.req.path, err });
    return c.json({ error: 'internal error', errorId }, 500);
  });
  return app;
}
