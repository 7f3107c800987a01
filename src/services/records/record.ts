// Everything the record book holds for one meeting, gathered once for the chat and the .docx.
import { inArray } from 'drizzle-orm';
import type { Db } from '../../contracts/store.js';
import { members } from '../../db/schema.js';
import { meetingRoll, type MeetingRoll } from '../meetings/attendance.js';
import type { Meeting } from '../meetings/meetings.js';
import { zoneOf } from '../meetings/scope.js';
import type { UnitTree } from '../org/units.js';
import { loadMinutes, type MinutesState } from './minutes.js';
import { filesOf, type MeetingFile } from './photos.js';
import { parseSections, type MinutesSection } from './sections.js';

export interface MeetingRecord {
  meeting: Meeting;
  unitName: string;
  zone: string;
  host: string | null;
  recorder: string | null;
  /** 主讲人 (a 党课's speaker), when one was named. */
  speaker: string | null;
  roll: MeetingRoll;
  minutes: MinutesState;
  /** The current version's content, by section. */
  sections: MinutesSection[];
  /** Who finished the current version. */
  author: string | null;
  /** Who confirmed the current version (the 主持人's name). */
  confirmedBy: string | null;
  files: MeetingFile[];
}

/** Names of members by id (people who left keep no name: they are simply absent). */
export async function namesOf(db: Db, ids: readonly (string | null | undefined)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: members.id, name: members.name }).from(members).where(inArray(members.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function loadRecord(db: Db, tree: UnitTree, m: Meeting, now: Date): Promise<MeetingRecord> {
  const [roll, state, files] = await Promise.all([
    meetingRoll(db, tree, m, now),
    loadMinutes(db, m.id),
    filesOf(db, m.id),
  ]);
  const names = await namesOf(db, [
    m.hostMemberId,
    m.recorderMemberId,
    m.speakerMemberId,
    state.current?.authorMemberId,
    state.confirmation?.memberId,
  ]);
  const name = (id: string | null | undefined) => (id ? (names.get(id) ?? null) : null);
  return {
    meeting: m,
    unitName: tree.get(m.unitId)?.name ?? '',
    zone: zoneOf(tree, m.unitId),
    host: name(m.hostMemberId),
    recorder: name(m.recorderMemberId),
    speaker: name(m.speakerMemberId),
    roll,
    minutes: state,
    sections: state.current ? parseSections(state.current.body) : [],
    author: name(state.current?.authorMemberId),
    confirmedBy: name(state.confirmation?.memberId),
    files,
  };
}
