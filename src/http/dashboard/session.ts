// The dashboard's cookie and the check every signed-in request passes: an open session, its
// person still an officer (read afresh each time; otherwise the session ends for good), and
// every view written to the audit log.
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { CommandDeps } from '../../command/context.js';
import { auditLog } from '../../db/schema.js';
import { officerOf } from '../../services/dashboard/access.js';
import { endSession, findSession, SESSION_TTL_HOURS, type OpenSession } from '../../services/dashboard/links.js';
import type { Sender } from '../../services/org/identity.js';

/** True for a request to this machine itself (the only place a cookie may go without Secure). */
export function isLoopback(c: Context): boolean {
  const host = new URL(c.req.url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host) || host.endsWith('.localhost');
}

/** The cookie's name: `__Host-` (Secure, whole host, no Domain) wherever it must be Secure. */
export function cookieName(c: Context): string {
  return isLoopback(c) ? 'pioneer_dashboard' : '__Host-pioneer_dashboard';
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, Secure outside loopback, 8 hours. */
export function setSessionCookie(c: Context, secret: string): void {
  const secure = !isLoopback(c);
  setCookie(c, cookieName(c), secret, {
    httpOnly: true,
    secure,
    sameSite: 'Strict',
    path: '/',
    maxAge: SESSION_TTL_HOURS * 3600,
  });
}

/** Clears the cookie in the browser (the session row is ended separately). */
export function clearSessionCookie(c: Context): void {
  setCookie(c, cookieName(c), '', { httpOnly: true, secure: !isLoopback(c), sameSite: 'Strict', path: '/', maxAge: 0 });
}

export interface Viewer {
  sender: Sender;
  session: OpenSession;
}

export type ViewerCheck = { ok: true; viewer: Viewer } | { ok: false; reason: 'signed_out' | 'ended' };

/** Who is asking: an open session whose person is an officer now; a session whose person is not ends. */
export async function viewerOf(c: Context, deps: CommandDeps): Promise<ViewerCheck> {
  const now = deps.clock.now();
  const found = await findSession(deps.store.db, getCookie(c, cookieName(c)), now);
  if (!found.ok) return { ok: false, reason: found.reason === 'not_officer' ? 'ended' : 'signed_out' };
  const sender = await officerOf(deps.store.db, deps.admins, found.session.identity);
  if (!sender) {
    await deps.store.batch([
      endSession(deps.store.db, found.session.hash, 'not_officer', now),
      audit(deps, found.session, 'dashboard.session_end', null, { reason: 'not_officer' }),
    ]);
    return { ok: false, reason: 'ended' };
  }
  return { ok: true, viewer: { sender, session: found.session } };
}

/** An audit row of the dashboard (views, sign-ins, ended sessions); never holds a secret. */
export function audit(
  deps: CommandDeps,
  who: Pick<OpenSession, 'identity' | 'memberId'>,
  action: string,
  unitId: string | null,
  detail?: unknown,
) {
  return deps.store.db.insert(auditLog).values({
    at: deps.clock.now().getTime(),
    actorMemberId: who.memberId,
    actor: who.identity,
    action,
    unitId,
    platform: who.identity.slice(0, Math.max(0, who.identity.indexOf(':'))) || null,
    target: null,
    detail: detail === undefined ? null : JSON.stringify(detail),
  });
}
