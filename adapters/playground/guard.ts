import type { Context } from 'hono';
import { z } from 'zod';
import { timingSafeEqual } from 'hono/utils/buffer';
import { isJsonContentType, type IncomingRead } from '../../src/contracts/adapter.js';
import { LOOPBACK_HOST, type PlaygroundAccess } from './access.js';
import { PLAYGROUND_PLATFORM } from './config.js';

/** Persona ids, as the page lets people add them (./page/main.js). */
export const PERSONA_ID = /^[A-Za-z0-9_.-]{1,64}$/;

/** A refusal: the status and the JSON error to answer with. */
export interface Refusal {
  status: 400 | 401 | 403 | 415;
  error: string;
  field?: string;
}

/**
 * Refuses a request whose Host is neither loopback nor PUBLIC_URL's: a page on another site
 * whose name was pointed at this machine (DNS rebinding) is "same-origin" to the browser, but
 * still sends its own name.
 */
export function foreignHost(c: Context, access: PlaygroundAccess): Refusal | null {
  const host = new URL(c.req.url).hostname;
  return LOOPBACK_HOST.test(host) || host === access.publicHost ? null : { status: 403, error: 'unknown host' };
}

/**
 * Refuses a request a browser says came from another site: `Sec-Fetch-Site` other than
 * same-origin, or an `Origin` other than this server's (or PUBLIC_URL's). `required`: one of
 * the two must be there (every browser sends them on a POST; a client without them is no page).
 */
export function crossSite(c: Context, access: PlaygroundAccess, required: boolean): Refusal | null {
  const site = c.req.header('sec-fetch-site');
  const origin = c.req.header('origin');
  const refused: Refusal = { status: 403, error: 'cross-site request' };
  if (site === undefined && origin === undefined) return required ? refused : null;
  if (site !== undefined && site !== 'same-origin') return refused;
  if (origin === undefined) return null;
  const from = URL.canParse(origin) ? new URL(origin) : null;
  const ok = from !== null && (from.host === new URL(c.req.url).host || from.origin === access.publicOrigin);
  return ok ? null : refused;
}

/** Refuses a request without the bearer token when the playground has one (PLAYGROUND=on). */
export async function missingToken(c: Context, access: PlaygroundAccess): Promise<Refusal | null> {
  if (!access.token) return null;
  const header = c.req.header('authorization') ?? '';
  const given = header.startsWith('Bearer ') ? header.slice(7) : '';
  const ok = given !== '' && (await timingSafeEqual(given, access.token));
  return ok ? null : { status: 401, error: 'missing or wrong bearer token (CORE_TOKEN)' };
}

/** Refuses a body that is not declared as JSON (a form or a text/plain fetch from elsewhere). */
export function notJson(c: Context): Refusal | null {
  return isJsonContentType(c.req.header('content-type'))
    ? null
    : { status: 415, error: 'content-type must be application/json' };
}

/**
 * Refuses a message that is not a persona's: the platform must be the playground's, the sender a
 * persona id, and a direct chat the sender's own. The proxy never speaks for a real platform's
 * account (lark:…, wechat:…), which /v1/messages with a gateway's token is for.
 */
export function notPersona(read: IncomingRead): Refusal | null {
  if (!read.ok) return { status: 400, error: read.error, ...(read.field ? { field: read.field } : {}) };
  const m = read.msg;
  if (m.platform !== PLAYGROUND_PLATFORM)
    return { status: 403, error: `platform must be "${PLAYGROUND_PLATFORM}"`, field: 'platform' };
  if (!PERSONA_ID.test(m.senderId)) return { status: 403, error: 'senderId is not a persona id', field: 'senderId' };
  if (m.chatType === 'direct' && m.chatId !== m.senderId)
    return { status: 403, error: "a persona's direct chat is its own (chatId = senderId)", field: 'chatId' };
  return null;
}

const readBody = z.object({ userId: z.string().regex(PERSONA_ID), chatId: z.string().regex(PERSONA_ID) });

/** The body of POST /playground/read: `{ userId, chatId }` of a persona opening a chat, or why not. */
export function notReader(body: string): z.infer<typeof readBody> | Refusal {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return { status: 400, error: 'body is not JSON' };
  }
  const r = readBody.safeParse(v);
  if (r.success) return r.data;
  const field = String(r.error.issues[0]?.path[0] ?? 'userId');
  return { status: 400, error: `${field} is not a persona or chat id`, field };
}
