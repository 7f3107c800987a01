import type { Context, Hono } from 'hono';
import { readIncoming, type AdapterRuntime, type CorePort } from '../../src/contracts/adapter.js';
import type { PlaygroundAccess } from './access.js';
import { loadPageAssets, PAGE_FILES, type PageAssets } from './assets.js';
import type { PlaygroundFeed } from './feed.js';
import { crossSite, foreignHost, missingToken, notJson, notPersona, notReader, type Refusal } from './guard.js';
import type { PlaygroundUploads } from './uploads.js';

/** Where the page uploads a photo (the app lets this path carry CorePort.maxFileBytes). */
export const UPLOAD_PATH = '/playground/upload';

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
 * of a persona, checked as /v1/messages checks it, handed to the core), `GET /playground/events`
 * (outbox deliveries to the simulated chats, polled by the page) and `POST /playground/upload` (a
 * photo's bytes, kept for the message that names it), `POST /playground/read` (a persona opened
 * a chat: they have read what reached it, for 未读). Every route answers only a loopback Host or
 * PUBLIC_URL's; send, events and upload only same-origin requests, and, when the playground has a
 * token (PLAYGROUND=on), only those that carry it: the proxy never adds it.
 */
export function playgroundRoutes(
  app: Hono,
  port: CorePort,
  feed: PlaygroundFeed,
  o: { runtime: AdapterRuntime; access: PlaygroundAccess; uploads: PlaygroundUploads },
): void {
  const { runtime, access, uploads } = o;
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
    return c.json(await port.handle(read.msg, uploads));
  });
  // The file's bytes as the body (not JSON); the answer names it for the message that follows.
  app.post(UPLOAD_PATH, async (c) => {
    const refused = foreignHost(c, access) ?? crossSite(c, access, true) ?? (await missingToken(c, access));
    if (refused) return refuse(c, refused);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength === 0) return c.json({ error: 'empty file' }, 400);
    return c.json({ ref: uploads.add(bytes), size: bytes.byteLength });
  });
  app.post('/playground/read', async (c) => {
    const refused =
      foreignHost(c, access) ?? crossSite(c, access, true) ?? (await missingToken(c, access)) ?? notJson(c);
    if (refused) return refuse(c, refused);
    const read = notReader(await c.req.text());
    if ('error' in read) return refuse(c, read);
    feed.open(read.userId, read.chatId);
    return c.json({ ok: true });
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
