import { eq } from 'drizzle-orm';
import { volunteers } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { Work } from '../../contracts/work.js';
import type { Sender } from '../org/identity.js';
import { pairingError } from './errors.js';
import { MAX_AREA_CHARS } from './needs.js';
import { personalDataIn } from './personal-data.js';
import { skillMask } from './skills.js';

export type VolunteerRow = typeof volunteers.$inferSelect;

/** A volunteer profile as the service takes it (read from chat by commands/pairing/parse.ts). */
export interface VolunteerProfile {
  skills: string[];
  /** 网格/小区/楼栋, normalised; '' when not given. */
  area: string;
  freeMask: number;
}

/** A volunteer is a member: the profile hangs off their record. */
export function volunteerMemberId(sender: Pick<Sender, 'member'>): string {
  const id = sender.member?.id;
  if (!id) throw pairingError('pairing.not_member', {});
  return id;
}

/** At least one skill, and none that reads as personal data. */
export function checkSkills(skills: readonly string[]): void {
  if (skills.length === 0) throw pairingError('pairing.no_skills', {});
  const kind = personalDataIn(skills.join(' '));
  if (kind) throw pairingError('pairing.skills_personal_data', { kind });
}

/** A 片区 is short and never names a room or a phone (it is shown in groups). */
export function checkArea(area: string): void {
  if ([...area].length > MAX_AREA_CHARS) throw pairingError('pairing.area_too_long', { max: MAX_AREA_CHARS });
  const kind = personalDataIn(area);
  if (kind) throw pairingError('pairing.area_personal_data', { area, kind });
}

/** Registers or replaces a member's volunteer profile. */
export function saveVolunteer(work: Work, memberId: string, p: VolunteerProfile): void {
  checkSkills(p.skills);
  if (p.area) checkArea(p.area);
  const now = work.now.getTime();
  const values = {
    skills: p.skills.join('、'),
    skillMask: skillMask(p.skills),
    area: p.area,
    freeMask: p.freeMask,
    active: true,
    updatedAt: now,
  };
  work.write(
    work.db
      .insert(volunteers)
      .values({ memberId, createdAt: now, ...values })
      .onConflictDoUpdate({ target: volunteers.memberId, set: values }),
  );
}

export async function loadVolunteer(db: Db, memberId: string): Promise<VolunteerRow | null> {
  const rows = await db.select().from(volunteers).where(eq(volunteers.memberId, memberId)).limit(1);
  return rows[0] ?? null;
}
