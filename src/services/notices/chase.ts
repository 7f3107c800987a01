import { and, desc, eq, isNotNull, max } from 'drizzle-orm';
import { noticeChases, noticeChaseUnits } from '../../db/schema.js';
import type { PlatformCapabilities } from '../../contracts/adapter.js';
import { actorIdentity } from '../../contracts/identity.js';
import type { Db } from '../../contracts/store.js';
import type { Work } from '../../contracts/work.js';
import { enqueue, type OutboxMessage } from '../../outbox/enqueue.js';
import type { MemberRecord, Sender } from '../org/identity.js';
import type { Unit, UnitTree } from '../org/units.js';
import { boundChats } from './audience.js';
import { groupChaseRows } from './chase-parts.js';
import { noticeError } from './errors.js';
import { unreadReport, type UnreadReport } from './follow-up.js';
import { accountIn, directRow, escalationRows, type Ctx } from './chase-rows.js';
import { noticeMessages, readersOf } from './reads.js';
import { accountsOf, classify, type UnitReceipts } from './report.js';
import type { NoticeTexts } from './texts.js';

// 催办 N: a ladder per unit, each step only for those still unconfirmed and at most once per
// CHASE_EVERY_MS per unit (its chats): 1) @ in its chats, 2) a direct message to each, 3) the
// platform's in-app escalation (Feishu 加急) for those who read and did not confirm or did not
// read after the direct message. `催办 N 电话` is the phone escalation, asked for explicitly.

/** A unit (its chats) is chased about one notice at most once in this long. */
export const CHASE_EVERY_MS = 3_600_000;

export type ChaseStep = 1 | 2 | 3;

/** What one unit's step did. */
export interface UnitChase {
  unit: Unit;
  step: ChaseStep;
  /** Step 1: chats the @ went to. */
  chats: number;
  /** Step 1: everyone unconfirmed; step 2: those sent a direct message. */
  reached: MemberRecord[];
  /** Step 3: those escalated, with whether they had read it. */
  escalated: { member: MemberRecord; read: boolean }[];
  /**
   * Those the step could not reach this way (no account, or no escalation on their platform: sent
   * a direct message instead).
   */
  missed: MemberRecord[];
}

export interface ChaseResult {
  report: UnreadReport;
  /** Chats the @ of step 1 went to (all units). */
  chats: number;
  units: UnitChase[];
  /** Units chased within the hour, and when they may be chased again. */
  waiting: { unit: Unit; until: number }[];
  /** `催办 N 电话`: who the phone escalation went to. */
  phoned?: MemberRecord[];
}

/** The last ladder step per unit of a notice. */
async function lastSteps(db: Db, noticeId: number): Promise<Map<string, { step: number; at: number }>> {
  const rows = await db
    .select({ unitId: noticeChaseUnits.unitId, step: noticeChaseUnits.step, at: noticeChaseUnits.at })
    .from(noticeChaseUnits)
    .where(eq(noticeChaseUnits.noticeId, noticeId))
    .orderBy(noticeChaseUnits.seq);
  return new Map(rows.map((r) => [r.unitId, r]));
}

/**
 * 催办: takes the next step of the ladder for each unit the actor follows that has unconfirmed
 * members and was not chased within CHASE_EVERY_MS; refused (notice.chase_too_soon) when every
 * such unit was. With `phone`, the phone escalation instead (where a platform offers it).
 */
export async function chaseNotice(
  work: Work,
  tree: UnitTree,
  actor: Sender,
  id: number | undefined,
  texts: NoticeTexts,
  platforms: ReadonlyMap<string, PlatformCapabilities>,
  opts: { phone?: boolean } = {},
): Promise<ChaseResult> {
  const report = await unreadReport(work.db, tree, actor, id, work.now);
  const { notice } = report;
  const now = work.now.getTime();
  const open = report.units.filter((u) => u.pending.length > 0);
  const result: ChaseResult = { report, chats: 0, units: [], waiting: [] };
  if (open.length === 0) return result;
  const [last] = await work.db
    .select({ n: max(noticeChases.seq) })
    .from(noticeChases)
    .where(eq(noticeChases.noticeId, notice.id));
  const seq = (last?.n ?? 0) + 1;
  const chats = await boundChats(
    work.db,
    open.map((u) => u.unit.id),
  );
  const c: Ctx = {
    notice,
    seq,
    accounts: await accountsOf(
      work.db,
      open.flatMap((u) => u.pending),
    ),
    messages: await noticeMessages(work.db, notice.id),
    platforms,
    texts,
    chats,
    timeZone: tree.get(notice.unitId)?.timeZone ?? 'Asia/Shanghai',
  };
  const classified = await classify(work.db, notice.id, open, await readersOf(work.db, notice.id), platforms);
  const messages: OutboxMessage[] = [];
  if (opts.phone) {
    await phoneStep(work, c, classified, result, messages, now);
  } else {
    const steps = await lastSteps(work.db, notice.id);
    for (const u of classified) {
      const prev = steps.get(u.unit.id);
      if (prev && prev.at > now - CHASE_EVERY_MS) {
        result.waiting.push({ unit: u.unit, until: prev.at + CHASE_EVERY_MS });
        continue;
      }
      const step = Math.min((prev?.step ?? 0) + 1, 3) as ChaseStep;
      result.units.push(runStep(c, u, step, messages));
      work.write(
        work.db.insert(noticeChaseUnits).values({ noticeId: notice.id, unitId: u.unit.id, seq, step, at: now }),
      );
    }
    if (result.units.length === 0) {
      const until = Math.min(...result.waiting.map((w) => w.until));
      throw noticeError('notice.chase_too_soon', { id: notice.id, until, timeZone: c.timeZone });
    }
  }
  result.chats = result.units.reduce((n, u) => n + u.chats, 0);
  work.write(
    work.db.insert(noticeChases).values({
      noticeId: notice.id,
      seq,
      at: now,
      byMemberId: actor.member?.id ?? null,
      byIdentity: actorIdentity(actor),
      pending: open.reduce((n, u) => n + u.pending.length, 0),
      channel: opts.phone ? 'phone' : null,
    }),
  );
  enqueue(work, messages);
  return result;
}

function runStep(c: Ctx, u: UnitReceipts, step: ChaseStep, out: OutboxMessage[]): UnitChase {
  const r: UnitChase = { unit: u.unit, step, chats: 0, reached: [], escalated: [], missed: [] };
  // Those the notice cannot reach (no account, failed sends) cannot get a direct message either.
  if (step > 1) r.missed.push(...u.unreachable.map((x) => x.member));
  if (step === 1) {
    const chats = c.chats.filter((x) => x.unitId === u.unit.id);
    const { notice, accounts, platforms, texts } = c;
    const ref = `${notice.id}.${c.seq}`;
    out.push(
      ...groupChaseRows({ notice, ref, unitId: u.unit.id, chats, pending: u.pending, accounts, platforms, texts }),
    );
    r.chats = chats.length;
    r.reached = u.pending;
    return r;
  }
  if (step === 3) {
    const read = new Set(u.read.map((m) => m.id));
    const e = escalationRows(c, u.unit, [...u.read, ...u.unread], 'app');
    out.push(...e.rows);
    r.escalated = e.done.map((member) => ({ member, read: read.has(member.id) }));
    // No in-app escalation on their platform: a direct message again.
    return { ...directStep(c, u.unit, e.missed, out, r), escalated: r.escalated };
  }
  return directStep(c, u.unit, [...u.read, ...u.unread], out, r);
}

function directStep(c: Ctx, u: Unit, people: readonly MemberRecord[], out: OutboxMessage[], r: UnitChase): UnitChase {
  for (const m of people) {
    const to = accountIn(c, u, m);
    if (!to) {
      r.missed.push(m);
      continue;
    }
    out.push(directRow(c, u, to));
    r.reached.push(m);
  }
  return r;
}

async function phoneStep(
  work: Work,
  c: Ctx,
  units: readonly UnitReceipts[],
  result: ChaseResult,
  out: OutboxMessage[],
  now: number,
): Promise<void> {
  const offered = units.some((u) =>
    c.chats.some((x) => x.unitId === u.unit.id && c.platforms.get(x.platform)?.escalation?.includes('phone')),
  );
  if (!offered) throw noticeError('notice.phone_unavailable', { id: c.notice.id });
  const [prev] = await work.db
    .select({ at: noticeChases.at })
    .from(noticeChases)
    .where(and(eq(noticeChases.noticeId, c.notice.id), isNotNull(noticeChases.channel)))
    .orderBy(desc(noticeChases.at))
    .limit(1);
  if (prev && prev.at > now - CHASE_EVERY_MS) {
    const until = prev.at + CHASE_EVERY_MS;
    throw noticeError('notice.chase_too_soon', { id: c.notice.id, until, timeZone: c.timeZone });
  }
  result.phoned = [];
  for (const u of units) {
    const e = escalationRows(c, u.unit, [...u.read, ...u.unread], 'phone');
    out.push(...e.rows);
    result.phoned.push(...e.done);
  }
}
