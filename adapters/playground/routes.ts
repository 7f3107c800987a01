import type { Context, Hono } from 'hono';
import { readIncoming, type AdapterRuntime, type CorePort } from '../../src/contracts/adapter.js';
import type { PlaygroundAccess } from './access.js';
import { loadPageAssets, PAGE_FILES, type PageAssets } from './assets.js';
import type { PlaygroundFeed } from './feed.js';
import { crossSite, foreignHost, missingToken, notJson, notPersona, type Refusal } from './guard.js';

/** The page loads its own files only; nothing inline, so no script a message could smuggle in runs. */
export const PLAYGROUND_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const PAGE = 'index.html';

/** Headers of the page and its files: never framed, cached, sniffed or told where it was opened. */
function pageHeaders(c: Context, type: string): void {
  c.header('Content-Security-Policy', PLAYGROUND_CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Frame-Options', 'DENY');
  c.header('Cache-Control', 'no-store');
  c.header('Content-Type', type);
}

const refuse = (c: Context, r: Refusal) =>
  c.json(r.field ? { error: r.error, field: r.field } : { error: r.error }, r.status);

/**
 * `/` (the page), `/playground/<file>` (its CSS and scripts), `POST /playground/send` (a message
 * of a persona, checked as /v1/messages checks it, handed to the core) and `GET /playground/events`
 * (outbox deliveries to the simulated chats, polled by the page). Every route answers only a
 * loopback Host or PUBLIC_URL's; send and events only same-origin requests, and, when the
 * playground has a token (PLAYGROUND=on), only those that carry it: the proxy never adds it.
 */
export function playgroundRoutes(
  app: Hono,
  port: CorePort,
  feed: PlaygroundFeed,
  o: { runtime: AdapterRuntime; access: PlaygroundAccess },
): void {
  const { runtime, access } = o;
  let assets: Promise<PageAssets> | undefined;
  const file = async (c: Context, name: string) => {
    const host = foreignHost(c, access);
    if (host) return refuse(c, host);
    const type = PAGE_FILES.get(name);
    if (type === undefined) return c.json({ error: 'not found' }, 404);
    // Read once, on first use; a failed read is tried again by the next request.
    assets ??= loadPageAssets(runtime).catch((err: unknown) => {
      assets = undefined;
      throw err;
    });
    const body = (await assets).get(name) ?? '';
    pageHeaders(c, type);
    return c.body(body);
  };

  app.get('/', (c) => file(c, PAGE));
  app.post('/playground/send', async (c) => {
    const refused =
      foreignHost(c, access) ?? crossSite(c, access, true) ?? (await missingToken(c, access)) ?? notJson(c);
    if (refused) return refuse(c, refused);
    const read = readIncoming(await c.req.text());
    const stranger = notPersona(read);
    if (stranger || !read.ok) return refuse(c, stranger!);
    return c.json(await port.handle(read.msg));
  });
  app.get('/playground/events', async (c) => {
    c.header('Cache-Control', 'no-store');
    const refused = foreignHost(c, access) ?? crossSite(c, access, false) ?? (await missingToken(c, access));
    if (refused) return refuse(c, refused);
    return c.json(feed.after(c.req.query('after')));
  });
  // After the events route, which this pattern would also match.
  app.get('/playground/:file', (c) => {
    const name = c.req.param('file');
    return name === PAGE ? c.json({ error: 'not found' }, 404) : file(c, name);
  });
}
