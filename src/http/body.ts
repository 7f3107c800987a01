import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

// On Node, @hono/node-server hands routes a light Request and builds the web one (undici's
// Request with its AbortSignal, a ReadableStream over the socket's stream) the first time
// anything looks at the body; for a small JSON post that costs more than the rest of the HTTP
// layer (bench/checkin.ts's profile). The two helpers below read a declared-length body straight
// from Node's IncomingMessage instead, and fall back to the web Request everywhere else.

type BodyLimitOptions = Parameters<typeof bodyLimit>[0];

/** The request's declared length, when it has one and no transfer-encoding; else undefined. */
function declaredLength(c: Context): string | undefined {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return undefined;
  if (c.req.header('transfer-encoding') !== undefined) return undefined;
  return c.req.header('content-length');
}

/**
 * hono's bodyLimit, without building the web Request for a body whose length is declared: then
 * bodyLimit only compares content-length with the limit, which is done here from the header.
 * Bodies of undeclared length (chunked) go through bodyLimit, which counts what it reads.
 */
export function limitBody(options: BodyLimitOptions): MiddlewareHandler {
  const limit = bodyLimit(options);
  return async (c, next) => {
    const length = declaredLength(c);
    if (length === undefined) return limit(c, next);
    // As bodyLimit compares (a length that is not a number passes: Node's parser refuses it first).
    if (!(parseInt(length || '0', 10) > options.maxSize)) return next();
    return options.onError ? options.onError(c) : limit(c, next);
  };
}

const utf8 = new TextDecoder();

/** Node's request, when the app is served by @hono/node-server and nothing has read the body yet. */
function unreadIncoming(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || typeof incoming.on !== 'function') return undefined;
  if (incoming.destroyed || incoming.readableDidRead || incoming.readableEnded) return undefined;
  if (incoming.listenerCount('data') > 0) return undefined;
  return incoming;
}

/**
 * The body as text, as `c.req.text()` gives it (UTF-8, a leading BOM dropped, malformed bytes
 * replaced). A body of declared length at most `maxBytes` is read from Node's IncomingMessage
 * when there is one (limitBody has already refused a longer declared length); anything else
 * through the web Request.
 */
export async function bodyText(c: Context, maxBytes: number): Promise<string> {
  const length = declaredLength(c);
  const incoming = length !== undefined ? unreadIncoming(c) : undefined;
  if (!incoming || !(parseInt(length!, 10) <= maxBytes)) return c.req.text();
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => chunks.push(chunk);
    const done = (err?: Error) => {
      incoming.off('data', onData).off('end', onEnd).off('error', done).off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onEnd = () => done();
    // A client gone before the end: no 'end' comes.
    const onClose = () => done(new Error('request closed before its body ended'));
    incoming.on('data', onData).once('end', onEnd).once('error', done).once('close', onClose);
  });
  return utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
}
