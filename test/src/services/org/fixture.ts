import { Work } from '../../../../src/contracts/work.js';
import type { MemberRole, PartyStatus } from '../../../../src/contracts/roles.js';
import { DomainError } from '../../../../src/contracts/errors.js';
import type { MemberRecord, Sender } from '../../../../src/services/org/identity.js';
import { loadSender } from '../../../../src/services/org/identity.js';
import { createInvite, joinWithInvite } from '../../../../src/services/org/invites.js';
import { createUnit } from '../../../../src/services/org/unit-admin.js';
import { UnitTree, type Unit } from '../../../../src/services/org/units.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';

/** The administrator of the test core (PIONEER_ADMINS = playground:admin), without a member record. */
export const ADMIN: Sender = { platform: 'playground', userId: 'admin', name: 'admin', member: null, role: 'admin' };

/** A real database (the real migrations) driven through the org services, not through chat. */
export interface OrgFixture {
  t: TestCore;
  work(): Work;
  commit(work: Work): Promise<void>;
  tree(): Promise<UnitTree>;
  /** Creates a unit as the admin and commits it. */
  unit(name: string, parent?: string): Promise<Unit>;
  /** Registers `userId` into `unit` with an invite the admin issues, and returns them as a sender. */
  person(userId: string, name: string, unit: Unit, role: MemberRole, partyStatus?: PartyStatus | null): Promise<Sender>;
  close(): Promise<void>;
}

export async function orgFixture(): Promise<OrgFixture> {
  const t = await createTestCore();
  const f: OrgFixture = {
    t,
    work: () => new Work(t.store.db, t.clock.now()),
    commit: (work) => t.store.batch(work.writes),
    tree: () => UnitTree.load(t.store.db),
    async unit(name, parent) {
      const work = f.work();
      const unit = createUnit(work, await f.tree(), ADMIN, { name, parentName: parent, timeZone: 'Asia/Shanghai' });
      await f.commit(work);
      return unit;
    },
    async person(userId, name, unit, role, partyStatus = role === 'activist' || role === 'masses' ? null : 'formal') {
      const tree = await f.tree();
      let work = f.work();
      const { code } = await createInvite(work, tree, ADMIN, unit, { role, partyStatus });
      await f.commit(work);
      work = f.work();
      await joinWithInvite(work, tree, { platform: 'playground', userId, existing: null }, { code, name });
      await f.commit(work);
      return loadSender(t.store.db, new Set(), 'playground', userId, undefined);
    },
    close: () => t.close(),
  };
  return f;
}

/** The member record of a registered sender. */
export function recordOf(s: Sender): MemberRecord {
  if (!s.member) throw new Error(`${s.userId} has no member record`);
  return s.member;
}

/** The code and parameters of the DomainError `run` throws (fails the test when it throws anything else). */
export async function refusal(run: () => unknown): Promise<{ code: string; params: object }> {
  try {
    await run();
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, params: err.params };
    throw err;
  }
  throw new Error('expected a refusal');
}
