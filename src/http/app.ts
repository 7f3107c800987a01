import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { timingSafeEqual } from 'hono/utils/buffer';
import type { Adapter, Core } from '../contracts/adapter.js';
import type { CommandDeps as CoreDeps } from '../command/context.js';
import { Dispatcher } from '../command/dispatch.js';
import { outboxRoutes } from './outbox-routes.js';
import { newErrorId } from '../contracts/errors.js';
import { incomingMessageSchema } from '../contracts/message.js';
import { exportRoutes } from './exports.js';
import type { HeldTexts } from '../services/outbox-admin/held.js';

export interface AppOptions {
  deps: CoreDeps;
  adapters?: Adapter[];
  /** What officers read when a gateway's rows are held by a daily cap; without it they are not told. */
  heldTexts?: HeldTexts;
}

/** A JSON error body: `{ error, field? }`, never a stack trace. */
function jsonError(c: Context, status: 400 | 401 | 404 | 413 | 415, error: string, field?: string) {
  return c.json(field ? { error, field } : { error }, status);
}

/** Builds the core and its Hono app; adapters add their own routes. */
export function createApp({ deps, adapters = [], heldTexts }: AppOptions): { app: Hono; core: Core } {
  const dispatcher = new Dispatcher(deps);
  const core: Core = { deps, handle: (msg) => dispatcher.handle(msg) };
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
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return jsonError(c, 400, 'body is not valid JSON');
    }
    const parsed = incomingMessageSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || '(body)';
      return jsonError(c, 400, `${field}: ${issue.message}`, field);
    }
    return c.json(await core.handle(parsed.data));
  });

  exportRoutes(app, deps);
  const localPlatforms = adapters.flatMap((a) => (a.deliverer ? [a.deliverer.platform] : []));
  outboxRoutes(app, deps, { localPlatforms, heldTexts });
  for (const a of adapters) a.routes?.(app, core);

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((err, c) => {
    const errorId = newErrorId();
    deps.log.error('request failed', { errorId, path: c.req.path, err });
    return c.json({ error: 'internal error', errorId }, 500);
  });
  return { app, core };
}
