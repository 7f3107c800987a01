import { eq } from 'drizzle-orm';
import { normalizeText } from '../../command/parse.js';
import { volunteers } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { CommandError } from '../../command/errors.js';
import type { Work } from '../../contracts/work.js';
import { MAX_AREA_CHARS } from './needs.js';
import { personalDataIn } from './privacy.js';
import { parseTimeMask } from './schedule.js';
import { skillMask, splitSkills } from './skills.js';

export type VolunteerRow = typeof volunteers.$inferSelect;

/** A volunteer profile as typed, once read. */
export interface VolunteerProfile {
  skills: string[];
  area: string;
  freeMask: number;
}

/** A 片区 as stored: normalised, without spaces; refused when it names a room (personal data). */
export function normaliseArea(text: string): string {
  const area = normalizeText(text).replace(/\s+/g, '');
  if ([...area].length > MAX_AREA_CHARS) throw new CommandError(`片区最多 ${MAX_AREA_CHARS} 个字（写到网格、小区或楼栋即可）。`);
  const why = personalDataIn(area);
  if (why) throw new CommandError(`片区「${area.slice(0, 10)}…」${why}。片区写到网格、小区或楼栋即可，不要写门牌号或电话。`);
  return area;
}

/**
 * Reads "护理,买菜 阳光小区 周末 上午": skills first, then any order of a 片区 and free-time words
 * (words that read as time are time; one other word is the area).
 */
export function parseProfile(skillsText: string, rest: readonly string[]): VolunteerProfile {
  const skills = splitSkills(skillsText);
  if (skills.length === 0) throw new CommandError('请写至少一项专长，例如：护理,买菜');
  const why = personalDataIn(skills.join(' '));
  if (why) throw new CommandError(`专长里${why}，请只写专长。`);
  let freeMask = 0;
  const areaWords: string[] = [];
  const timeWords: string[] = [];
  for (const word of rest) {
    const m = parseTimeMask(word, { strict: true });
    if (m === null) areaWords.push(word);
    else timeWords.push(word);
  }
  if (timeWords.length) freeMask = parseTimeMask(timeWords.join(' '), { strict: true }) ?? 0;
  if (areaWords.length > 1) {
    throw new CommandError(`片区只能写一个，「${areaWords.join('」「')}」哪个是片区？空闲时间可写：周末、工作日晚上、周六上午。`);
  }
  return { skills, area: areaWords[0] ? normaliseArea(areaWords[0]) : '', freeMask };
}

/** Registers or replaces the sender's volunteer profile. */
export function saveVolunteer(work: Work, memberId: string, p: VolunteerProfile): void {
  const now = work.now.getTime();
  const values = { skills: p.skills.join('、'), skillMask: skillMask(p.skills), area: p.area, freeMask: p.freeMask, active: true, updatedAt: now };
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
