// One-time sign-in links and the sessions they open. Secrets are 32 random bytes; the database
// keeps only their SHA-256, so neither a copy of it nor the audit log can sign anyone in, and a
// link is spent by one conditional UPDATE (two racing sign-ins: one wins). WebCrypto only
// (Workers too).
import { and, eq, gt, isNull } from 'drizzle-orm';
import { dashboardLinks, dashboardSessions } from '../../db/schema.js';
import { actorIdentity, type ActorRef } from '../../contracts/identity.js';
import type { Db, Write } from '../../contracts/store.js';
import type { Work } from '../../contracts/work.js';

/** How long a sign-in link works, in minutes. */
export const LINK_TTL_MIN = 10;
/** How long a session lasts after signing in, in hours (not extended by use). */
export const SESSION_TTL_HOURS = 8;

export type SessionEnd = NonNullable<typeof dashboardSessions.$inferSelect.endReason>;

/** A random secret, base64url (43 characters). */
export function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Hex SHA-256 of a secret: what the tables store. */
export async function secretHash(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The shape of a secret (what newSecret makes); anything else is refused before any lookup. */
export function isSecretShaped(text: unknown): text is string {
  return typeof text === 'string' && /^[A-Za-z0-9_-]{43}$/.test(text);
}

/** Queues a new link for `actor` in `work`; returns its secret (shown once, never stored). */
export async function issueLink(work: Work, actor: ActorRef): Promise<{ secret: string; expiresAt: Date }> {
  const secret = newSecret();
  const expiresAt = new Date(work.now.getTime() + LINK_TTL_MIN * 60_000);
  work.write(
    work.db.insert(dashboardLinks).values({
      secretHash: await secretHash(secret),
      issuedToMemberId: actor.memberId,
      issuedToIdentity: actorIdentity(actor),
      createdAt: work.now.getTime(),
      expiresAt: expiresAt.getTime(),
    }),
  );
  return { secret, expiresAt };
}

export type Redeemed =
  | { ok: true; session: string; identity: string; memberId: string | null; expiresAt: Date }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/**
 * Spends a link and opens a session bound to the person the link was issued to. The link is
 * marked used by a single UPDATE guarded on `used_at IS NULL` and the expiry, so it works once.
 */
export async function redeemLink(
  store: { db: Db; batch(w: Write[]): Promise<void> },
  secret: string,
  now: Date,
): Promise<Redeemed> {
  if (!isSecretShaped(secret)) return { ok: false, reason: 'unknown' };
  const hash = await secretHash(secret);
  const t = now.getTime();
  const [spent] = await store.db
    .update(dashboardLinks)
    .set({ usedAt: t })
    .where(and(eq(dashboardLinks.secretHash, hash), isNull(dashboardLinks.usedAt), gt(dashboardLinks.expiresAt, t)))
    .returning({ identity: dashboardLinks.issuedToIdentity, memberId: dashboardLinks.issuedToMemberId });
  if (!spent) {
    const [link] = await store.db
      .select({ usedAt: dashboardLinks.usedAt })
      .from(dashboardLinks)
      .where(eq(dashboardLinks.secretHash, hash))
      .limit(1);
    if (!link) return { ok: false, reason: 'unknown' };
    return { ok: false, reason: link.usedAt !== null ? 'used' : 'expired' };
  }
  const session = newSecret();
  const expiresAt = new Date(t + SESSION_TTL_HOURS * 3_600_000);
  await store.batch([
    store.db.insert(dashboardSessions).values({
      secretHash: await secretHash(session),
      linkHash: hash,
      memberId: spent.memberId,
      identity: spent.identity,
      createdAt: t,
      expiresAt: expiresAt.getTime(),
    }),
  ]);
  return { ok: true, session, identity: spent.identity, memberId: spent.memberId, expiresAt };
}

export interface OpenSession {
  hash: string;
  identity: string;
  memberId: string | null;
  expiresAt: number;
}

export type SessionCheck = { ok: true; session: OpenSession } | { ok: false; reason: 'none' | 'expired' | SessionEnd };

/** The session a cookie's secret names, if it is still open. */
export async function findSession(db: Db, secret: string | undefined, now: Date): Promise<SessionCheck> {
  if (!isSecretShaped(secret)) return { ok: false, reason: 'none' };
  const hash = await secretHash(secret);
  const [row] = await db.select().from(dashboardSessions).where(eq(dashboardSessions.secretHash, hash)).limit(1);
  if (!row) return { ok: false, reason: 'none' };
  if (row.endedAt !== null) return { ok: false, reason: row.endReason ?? 'signed_out' };
  if (row.expiresAt <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, session: { hash, identity: row.identity, memberId: row.memberId, expiresAt: row.expiresAt } };
}

/** Ends a session for good (signing out, or its person is no longer an officer). */
export function endSession(db: Db, hash: string, reason: SessionEnd, now: Date): Write {
  return db
    .update(dashboardSessions)
    .set({ endedAt: now.getTime(), endReason: reason })
    .where(and(eq(dashboardSessions.secretHash, hash), isNull(dashboardSessions.endedAt)));
}

/** The address the link opens: the secret goes in the fragment, which browsers never send. */
export function signInUrl(publicUrl: string, secret: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/dashboard/login#t=${secret}`;
}
