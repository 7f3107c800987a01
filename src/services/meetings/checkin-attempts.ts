import { and, count, eq, sql } from 'drizzle-orm';
import { checkinWrongCodes, meetings } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { Work } from '../../contracts/work.js';
import { officersByUnit } from '../org/members.js';
import type { UnitTree } from '../org/units.js';
import { checkinCode, codeChangesAt, verifyCheckinCode } from './checkin-code.js';

// The two defences of the 签到码 besides its rotation: a member has CHECKIN_CODE_MAX_WRONG wrong
// tries per meeting, and a code typed into a group is retired at once (./checkin-code.ts).

/** How many wrong codes the member has typed for the meeting. */
export async function wrongCodes(db: Db, meetingId: number, memberId: string): Promise<number> {
  const rows = await db
    .select({ n: count() })
    .from(checkinWrongCodes)
    .where(and(eq(checkinWrongCodes.meetingId, meetingId), eq(checkinWrongCodes.memberId, memberId)));
  return Number(rows[0]?.n ?? 0);
}

/** Records a wrong code (the audit entry the command writes beside it says who and where). */
export function recordWrongCode(work: Work, meetingId: number, memberId: string): void {
  work.write(work.db.insert(checkinWrongCodes).values({ meetingId, memberId, at: work.now.getTime() }));
}

/**
 * Makes the check-in it is committed with fail if, by then, the member has typed `max` wrong codes:
 * a right code checked while a burst of wrong ones was still being written would otherwise count
 * as a guess beyond the limit. It copies the member's max-th wrong code onto its own id, so it
 * inserts nothing unless that row exists, and then breaks the primary key: the dispatcher runs
 * the message again, which finds the member locked out. (SQLite has no assertion statement.)
 */
export function unlessLockedOut(work: Work, meetingId: number, memberId: string, max: number): void {
  const t = checkinWrongCodes;
  const nth = sql`SELECT ${t.id}, ${t.meetingId}, ${t.memberId}, ${t.at} FROM ${t}
    WHERE ${t.meetingId} = ${meetingId} AND ${t.memberId} = ${memberId} ORDER BY ${t.id} LIMIT 1 OFFSET ${max - 1}`;
  work.write(work.db.run(sql`INSERT INTO ${t} (id, meeting_id, member_id, at) ${nth}`));
}

/** The meeting fields a code needs. */
export interface CodeMeeting {
  id: number;
  unitId: string;
  codeSecret: string | null;
  codeGeneration: number;
}

/** A code retired because it was typed into a group, and the one shown instead. */
export interface RetiredCode {
  meetingId: number;
  unitId: string;
  generation: number;
  /** The new code, shown to the officers. */
  code: string;
  changesAt: Date;
  /** Member ids of the officers told the new code: the meeting unit's, else the nearest above it. */
  officers: string[];
}

/**
 * Retires the codes shown so far when `code` is one of them (a wrong code typed into a group
 * retires nothing; the person is told the same either way). The generation is raised only from
 * the one read, so two people leaking the same code at once raise it once.
 */
export async function retireTypedCode(
  work: Work,
  tree: UnitTree,
  m: CodeMeeting,
  code: string,
): Promise<RetiredCode | null> {
  if (!m.codeSecret || !(await verifyCheckinCode(m.codeSecret, code, work.now, m.codeGeneration))) return null;
  const generation = m.codeGeneration + 1;
  work.write(
    work.db
      .update(meetings)
      .set({ codeGeneration: generation })
      .where(and(eq(meetings.id, m.id), eq(meetings.codeGeneration, m.codeGeneration))),
  );
  const byUnit = await officersByUnit(work.db);
  let officers: string[] = [];
  for (let u = tree.get(m.unitId), hops = 0; u && hops < 64 && !officers.length; u = tree.get(u.parentId), hops++) {
    officers = byUnit.get(u.id) ?? [];
  }
  return {
    meetingId: m.id,
    unitId: m.unitId,
    generation,
    code: await checkinCode(m.codeSecret, work.now, generation),
    changesAt: codeChangesAt(work.now),
    officers,
  };
}

/** True when `code` was a code of the generation before the current one (retired, not guessed). */
export async function isRetiredCode(m: CodeMeeting, code: string, now: Date): Promise<boolean> {
  return !!m.codeSecret && m.codeGeneration > 0 && verifyCheckinCode(m.codeSecret, code, now, m.codeGeneration - 1);
}
