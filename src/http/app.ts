import { Hono, type Context } from 'hono';
import { isJsonContentType, readIncoming, type Adapter, type CorePort } from '../contracts/adapter.js';
import type { CommandDeps as CoreDeps } from '../command/context.js';
import type { OnHeld } from '../outbox/row-store.js';
import { outboxRoutes } from './outbox-routes.js';
import { newErrorId } from '../contracts/errors.js';
import { exportRoutes, loggablePath } from './exports.js';
import { duesRoutes } from './dues.js';
import { bearerAuth, callerFrom, mayPostAs, platformRefused } from './auth.js';
import { bodyText, limitBody } from './body.js';
import { dashboardRoutes } from './dashboard/routes.js';

export interface AppOptions {
  deps: CoreDeps;
  /** Where /v1/messages goes: the core's port (src/runtime/port.ts). */
  port: CorePort;
  /** Adapters whose routes the app serves (webhooks, pages); nothing else of them is read here. */
  adapters?: readonly Pick<Adapter, 'routes' | 'uploadPaths'>[];
  /** Platforms this process relays itself: a gateway may not claim their rows. */
  localPlatforms?: readonly string[];
  /** Told when rows a gateway gives back are held past a daily cap. */
  onHeld?: OnHeld;
  /** Where the dashboard's files come from: disk on Node, the bundle on Workers. */
  runtime?: 'node' | 'worker';
}

/** A JSON error body: `{ error, field? }`, never a stack trace. */
function jsonError(c: Context, status: 400 | 401 | 404 | 413 | 415, error: string, field?: string) {
  return c.json(field ? { error, field } : { error }, status);
}

/** Builds the core's Hono app; adapters add their own routes. */
export function createApp({ deps, port, adapters = [], localPlatforms = [], onHeld, runtime }: AppOptions): Hono {
  const app = new Hono();
  const limit = limitBody({
    maxSize: deps.config.MAX_BODY_BYTES,
    onError: (c) => jsonError(c, 413, `body larger than ${deps.config.MAX_BODY_BYTES} bytes`),
  });

  // Every answer may carry personal data, and none is meant to be rendered as something else:
  // not cached, not sniffed (routes that need otherwise set their own).
  // Set before the route answers, so the answer c.json/c.body/c.text builds carries them (a route
  // may still set its own Cache-Control); setting a header on a finished answer would rebuild it
  // as a streamed Response, which @hono/node-server writes far more slowly (bench/checkin.ts).
  // An answer built some other way (a Response of its own) gets them afterwards, as before.
  app.use('*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    await next();
    const headers = c.res.headers;
    if (headers.has('Cache-Control') && headers.get('X-Content-Type-Options') === 'nosniff') return;
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
  });
  // A file upload route an adapter declares may carry one file (RECORD_FILE_MAX_BYTES) instead.
  const uploads = new Set(adapters.flatMap((a) => a.uploadPaths ?? []));
  const uploadLimit = limitBody({
    maxSize: port.maxFileBytes,
    onError: (c) => jsonError(c, 413, `file larger than ${port.maxFileBytes} bytes`),
  });
  // One limit for every route with a body, adapters' included, before anything reads it.
  app.use('*', (c, next) => (uploads.has(c.req.path) ? uploadLimit(c, next) : limit(c, next)));

  app.get('/healthz', async (c) => {
    const ok = await deps.store.ping().catch(() => false);
    return c.json({ ok }, ok ? 200 : 503);
  });

  // CORE_TOKEN or a gateway's own token (GATEWAY_TOKENS), each allowed what ./auth.ts says.
  app.use('/v1/*', bearerAuth(deps.config));

  app.post('/v1/messages', async (c) => {
    // Only JSON: a cross-site form or text/plain post from a page elsewhere never gets this far.
    if (!isJsonContentType(c.req.header('content-type')))
      return jsonError(c, 415, 'content-type must be application/json');
    const read = readIncoming(await bodyText(c, deps.config.MAX_BODY_BYTES));
    if (!read.ok) return jsonError(c, 400, read.error, read.field);
    if (!mayPostAs(deps.config, callerFrom(c), read.msg.platform)) return platformRefused(c, read.msg.platform);
    return c.json(await port.handle(read.msg));
  });

  exportRoutes(app, deps);
  duesRoutes(app, deps);
  dashboardRoutes(app, deps, runtime ?? 'node');
  outboxRoutes(app, deps, { localPlatforms, onHeld });
  for (const a of adapters) a.routes?.(app, port);

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((err, c) => {
    const errorId = newErrorId();
    deps.log.error('request failed', { errorId, path: loggablePath(c.req.path), err });
    return c.json({ error: 'internal error', errorId }, 500);
  });
  return app;
}
