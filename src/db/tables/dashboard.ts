import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Epoch milliseconds, like every timestamp in the database. */
const ms = (name: string) => integer(name, { mode: 'number' });

/**
 * A one-time sign-in link to the dashboard (看板), bound to the person who asked for it. Only the
 * SHA-256 of the link's secret is stored: the database alone cannot sign anyone in.
 */
export const dashboardLinks = sqliteTable(
  'dashboard_links',
  {
    /** Hex SHA-256 of the secret in the link. */
    secretHash: text('secret_hash').primaryKey(),
    /** Who asked (ActorRef): their member record, null for an administrator without one… */
    issuedToMemberId: text('issued_to_member_id'),
    /** …and their account, "platform:userId": the session is this person's. */
    issuedToIdentity: text('issued_to_identity').notNull(),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
    /** Set once, by the sign-in that used it; a second use finds it set. */
    usedAt: ms('used_at'),
  },
  (t) => [index('dashboard_links_identity_idx').on(t.issuedToIdentity)],
);

/** A signed-in dashboard session; the cookie holds the secret, the row its SHA-256. */
export const dashboardSessions = sqliteTable(
  'dashboard_sessions',
  {
    /** Hex SHA-256 of the cookie's secret. */
    secretHash: text('secret_hash').primaryKey(),
    /** The link it was opened with. */
    linkHash: text('link_hash').notNull(),
    memberId: text('member_id'),
    identity: text('identity').notNull(),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
    /** When it ended before expiring (signed out, or the person is no longer an officer). */
    endedAt: ms('ended_at'),
    endReason: text('end_reason', { enum: ['signed_out', 'not_officer'] }),
  },
  (t) => [index('dashboard_sessions_identity_idx').on(t.identity)],
);

/**
 * A branch's row of the 党委 page, as last computed (counts only, no names). At district scale the
 * rows cannot all be computed within one request; each is recomputed when older than its freshness
 * (src/services/dashboard/rows.ts) and shown with the time it was computed.
 */
export const dashboardRows = sqliteTable('dashboard_rows', {
  unitId: text('unit_id').primaryKey(),
  computedAt: ms('computed_at').notNull(),
  /** The row's figures as JSON (BranchRow without its unit). */
  figures: text('figures').notNull(),
});
