import { asc, eq } from 'drizzle-orm';
import { identities, members } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { identityKey } from '../../contracts/identity.js';
import { canManage, loadSender, type Sender } from '../org/identity.js';
import type { UnitTree } from '../org/units.js';

// Who an export link (导出) was issued to, as they stand at download time. A link is a bearer
// credential that may outlive its holder's office: each download asks the scope policy again.

/**
 * The holder of a link as a sender today: `by` is their member id, or "platform:userId" for an
 * administrator without a member record. Null when the member no longer exists.
 */
export async function linkHolder(db: Db, admins: ReadonlySet<string>, by: string): Promise<Sender | null> {
  const at = by.indexOf(':');
  if (at > 0) return loadSender(db, admins, by.slice(0, at), by.slice(at + 1), undefined);
  const [member] = await db.select().from(members).where(eq(members.id, by)).limit(1);
  if (!member) return null;
  const accounts = await db
    .select({ platform: identities.platform, userId: identities.userId })
    .from(identities)
    .where(eq(identities.memberId, by))
    .orderBy(asc(identities.createdAt));
  const admin = member.isAdmin || accounts.some((a) => admins.has(identityKey(a.platform, a.userId)));
  const first = accounts[0] ?? { platform: '', userId: '' };
  return { ...first, name: member.name, member, role: admin ? 'admin' : member.role };
}

/** True when the link's holder still manages `unitId` (an officer over it, or an administrator). */
export async function holderMayDownload(
  db: Db,
  tree: UnitTree,
  admins: ReadonlySet<string>,
  by: string,
  unitId: string,
): Promise<boolean> {
  const holder = await linkHolder(db, admins, by);
  return !!holder && canManage(holder, tree, unitId);
}
