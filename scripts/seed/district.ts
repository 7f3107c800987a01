/**
 * A generated district (区委 → 总支 → 支部) with a year of history: members with roles, bound chats,
 * meetings with attendance, notices with confirmations, volunteers, needs and service logs. The
 * dashboard benchmark (bench/dashboard.ts) calls `seedDistrict`; issue 24's `npm run seed --
 * district` (scripts/seed/cli.ts) wraps the same function. Deterministic for a given seed and `now`.
 */
import type { SqlClient } from '../../src/contracts/store.js';
import { personName, rng, RowWriter } from './rows.js';

export interface DistrictShape {
  /** 总支 under the 区委. */
  generalBranches: number;
  branchesPerGeneral: number;
  membersPerBranch: number;
  meetingsPerBranchPerYear: number;
  /** Notices each branch's secretary sends to the branch each month. */
  branchNoticesPerMonth: number;
  /** Notices the 区委 sends to every branch each month. */
  districtNoticesPerMonth: number;
  needsPerBranch: number;
}

/** About 1,000 branches, 50,000 members, 10,000 meetings a year (issue 24's district). */
export const DISTRICT_SHAPE: DistrictShape = {
  generalBranches: 20,
  branchesPerGeneral: 50,
  membersPerBranch: 50,
  meetingsPerBranchPerYear: 10,
  branchNoticesPerMonth: 1,
  districtNoticesPerMonth: 1,
  needsPerBranch: 5,
};

/** The same branch, alone under its 总支 and 区委: the small case benchmarks compare against. */
export const ONE_BRANCH_SHAPE: DistrictShape = { ...DISTRICT_SHAPE, generalBranches: 1, branchesPerGeneral: 1 };

/** What was built: ids to sign in as and to ask about, and the row counts. */
export interface SeededDistrict {
  rootId: string;
  generalIds: string[];
  branchIds: string[];
  /** Member ids of the 区委 secretary, and of each branch's secretary and first 委员 (by branch id). */
  rootSecretary: string;
  branchSecretaries: Map<string, string>;
  branchCommittee: Map<string, string>;
  /** The platform of every identity made ('lark'; user id = `ou_` + member id). */
  platform: string;
  counts: Record<string, number>;
}

const DAY = 86_400_000;
const TZ = 'Asia/Shanghai';
const PLATFORM = 'lark';
/** The order a branch's meetings of a year come in (三会一课 and 主题党日). */
const MEETING_CYCLE = [
  'committee_meeting',
  'theme_day',
  'general_assembly',
  'committee_meeting',
  'lecture',
  'theme_day',
  'committee_meeting',
  'general_assembly',
  'theme_day',
  'lecture',
] as const;
const LEAVE_REASONS = ['外出就医', '出差', '家中有事', '值班'];
const ABSENCE_REASONS = ['外出务工', '身体不适', '联系不上'];
const NEED_TYPES = ['助老', '助残', '助学', '医疗', '其他'];
const NEED_STATUSES = ['open', 'assigned', 'in_service', 'in_service', 'closed'] as const;

const COLUMNS = {
  units: ['id', 'name', 'type', 'parent_id', 'time_zone', 'created_at'],
  members: ['id', 'name', 'unit_id', 'role', 'party_status', 'is_admin', 'created_at'],
  identities: ['platform', 'user_id', 'member_id', 'display_name', 'created_at'],
  chat_bindings: ['platform', 'chat_id', 'unit_id', 'chat_name', 'bound_by_member_id', 'bound_by_identity', 'bound_at'],
  meetings: [
    'id',
    'unit_id',
    'type',
    'title',
    'place',
    'starts_at',
    'opens_before_min',
    'closes_after_min',
    'status',
    'created_by_member_id',
    'created_by_identity',
    'created_at',
  ],
  attendance: ['meeting_id', 'member_id', 'status', 'method', 'late', 'reason', 'at', 'by_member_id'],
  notices: [
    'id',
    'unit_id',
    'title',
    'body',
    'status',
    'created_by_member_id',
    'created_by_identity',
    'created_by_name',
    'created_at',
    'sent_at',
    'publish_at',
  ],
  notice_targets: ['notice_id', 'unit_id'],
  notice_acks: ['notice_id', 'member_id', 'at', 'platform', 'user_id'],
  volunteers: ['member_id', 'skills', 'skill_mask', 'area', 'free_mask', 'active', 'created_at', 'updated_at'],
  needs: [
    'id',
    'unit_id',
    'type',
    'description',
    'area',
    'status',
    'version',
    'volunteer_id',
    'created_by_identity',
    'created_at',
    'status_at',
    'last_visit_at',
  ],
  service_logs: ['need_id', 'volunteer_id', 'at', 'hours', 'content', 'logged_by_member_id', 'logged_by_identity'],
} as const;

interface Person {
  id: string;
  unitId: string;
  role: 'secretary' | 'committee' | 'member' | 'activist' | 'masses';
  party: 'formal' | 'probationary' | null;
  /** Chance of being present at a meeting, and of confirming a notice (with its mean delay, hours). */
  presence: number;
  ackChance: number;
  ackHours: number;
}

/** The roster of one branch: 1 书记, 2 委员, party members (8% 预备), a few 积极分子 and 群众. */
function branchRoster(unitId: string, size: number, nextId: () => string, r: () => number): Person[] {
  const out: Person[] = [];
  for (let i = 0; i < size; i++) {
    const role =
      i === 0 ? 'secretary' : i <= 2 ? 'committee' : i >= size - 1 ? 'masses' : i >= size - 3 ? 'activist' : 'member';
    const party = role === 'activist' || role === 'masses' ? null : i >= size - 7 ? 'probationary' : 'formal';
    const kind = r();
    out.push({
      id: nextId(),
      unitId,
      role,
      party,
      presence: kind < 0.06 ? 0.35 : 0.9,
      ackChance: kind < 0.05 ? 0.2 : kind < 0.15 ? 0.75 : 0.95,
      ackHours: kind < 0.15 ? 40 : 5,
    });
  }
  return out;
}

/** Builds the district into an empty, migrated database. */
export async function seedDistrict(
  client: SqlClient,
  opts: { now: Date; shape?: DistrictShape; seed?: number },
): Promise<SeededDistrict> {
  const shape = opts.shape ?? DISTRICT_SHAPE;
  const now = opts.now.getTime();
  const r = rng(opts.seed ?? 2026);
  const w = new RowWriter(client);
  const joined = now - 400 * DAY;
  let memberSeq = 0;
  const nextId = () => `m${String(++memberSeq).padStart(6, '0')}`;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

  const addPerson = async (p: Person) => {
    const name = personName(r);
    await w.add('members', COLUMNS.members, [p.id, name, p.unitId, p.role, p.party, 0, joined]);
    await w.add('identities', COLUMNS.identities, [PLATFORM, `ou_${p.id}`, p.id, name, joined]);
    return name;
  };
  const officer = (unitId: string): Person => ({
    id: nextId(),
    unitId,
    role: 'secretary',
    party: 'formal',
    presence: 0.95,
    ackChance: 1,
    ackHours: 2,
  });

  const rootId = 'd0';
  await w.add('units', COLUMNS.units, [rootId, '泰山区委', 'committee', null, TZ, joined]);
  const root = officer(rootId);
  const rootName = await addPerson(root);
  const generalIds: string[] = [];
  const branchIds: string[] = [];
  const branchSecretaries = new Map<string, string>();
  const branchCommittee = new Map<string, string>();
  const rosters = new Map<string, Person[]>();
  for (let g = 0; g < shape.generalBranches; g++) {
    const gid = `g${String(g + 1).padStart(2, '0')}`;
    generalIds.push(gid);
    await w.add('units', COLUMNS.units, [gid, `第${g + 1}街道党总支`, 'general_branch', rootId, TZ, joined]);
    await addPerson(officer(gid));
    for (let b = 0; b < shape.branchesPerGeneral; b++) {
      const bid = `b${String(branchIds.length + 1).padStart(4, '0')}`;
      branchIds.push(bid);
      const name = `第${g + 1}街道第${b + 1}支部`;
      await w.add('units', COLUMNS.units, [bid, name, 'branch', gid, TZ, joined]);
      const roster = branchRoster(bid, shape.membersPerBranch, nextId, r);
      rosters.set(bid, roster);
      for (const p of roster) await addPerson(p);
      branchSecretaries.set(bid, roster[0]!.id);
      branchCommittee.set(bid, roster[1]!.id);
      const by = roster[0]!.id;
      await w.add('chat_bindings', COLUMNS.chat_bindings, [
        PLATFORM,
        `oc_${bid}`,
        bid,
        `${name}群`,
        by,
        `${PLATFORM}:ou_${by}`,
        joined,
      ]);
    }
  }

  await seedMeetings(w, r, now, shape, rosters, pick);
  await seedNotices(w, r, now, shape, rosters, { root, rootName, rootId });
  await seedPairing(w, r, now, shape, rosters);
  await w.flush();
  return {
    rootId,
    generalIds,
    branchIds,
    rootSecretary: root.id,
    branchSecretaries,
    branchCommittee,
    platform: PLATFORM,
    counts: Object.fromEntries(w.counts),
  };
}

async function seedMeetings(
  w: RowWriter,
  r: () => number,
  now: number,
  shape: DistrictShape,
  rosters: Map<string, Person[]>,
  pick: <T>(xs: readonly T[]) => T,
): Promise<void> {
  let id = 0;
  // A year back and two weeks ahead, so every branch also has a meeting still to come.
  const from = now - 365 * DAY;
  const span = 380 * DAY;
  for (const [bid, roster] of rosters) {
    const n = shape.meetingsPerBranchPerYear;
    for (let k = 0; k < n; k++) {
      const type = MEETING_CYCLE[k % MEETING_CYCLE.length]!;
      const day = Math.floor((from + ((k + 0.2 + r() * 0.6) / n) * span) / DAY);
      const startsAt = day * DAY + 7 * 3_600_000; // 15:00 in Shanghai
      const cancelled = r() < 0.02;
      const sec = roster[0]!.id;
      await w.add('meetings', COLUMNS.meetings, [
        ++id,
        bid,
        type,
        type === 'lecture' ? '党课：学习党章' : '学习贯彻会议精神',
        '党员活动室',
        startsAt,
        30,
        30,
        cancelled ? 'cancelled' : 'scheduled',
        sec,
        `${PLATFORM}:ou_${sec}`,
        startsAt - 7 * DAY,
      ]);
      if (cancelled || startsAt + 30 * 60_000 >= now) continue;
      const officersOnly = type === 'committee_meeting';
      for (const p of roster) {
        if (!p.party || (officersOnly && p.role !== 'secretary' && p.role !== 'committee')) continue;
        const x = r();
        if (x < p.presence) {
          const late = r() < 0.08;
          const how = r();
          const method = how < 0.03 ? 'proxy' : how < 0.05 ? 'makeup' : 'self';
          const at = startsAt + (late ? 5 + r() * 20 : -10 - r() * 15) * 60_000;
          await w.add('attendance', COLUMNS.attendance, [id, p.id, 'present', method, late ? 1 : 0, null, at, null]);
        } else if (x < p.presence + 0.07) {
          const at = startsAt - DAY;
          await w.add('attendance', COLUMNS.attendance, [id, p.id, 'leave', null, 0, pick(LEAVE_REASONS), at, null]);
        } else if (r() < 0.3) {
          const at = startsAt + DAY;
          const row = [id, p.id, 'absent', null, 0, pick(ABSENCE_REASONS), at, sec];
          await w.add('attendance', COLUMNS.attendance, row);
        }
      }
    }
  }
}

async function seedNotices(
  w: RowWriter,
  r: () => number,
  now: number,
  shape: DistrictShape,
  rosters: Map<string, Person[]>,
  district: { root: Person; rootName: string; rootId: string },
): Promise<void> {
  let id = 0;
  const acks = async (noticeId: number, publishAt: number, people: Person[], senderId: string) => {
    for (const p of people) {
      if (p.id === senderId || r() >= p.ackChance) continue;
      const at = publishAt + Math.round(-Math.log(1 - r()) * p.ackHours * 3_600_000);
      if (at < now) await w.add('notice_acks', COLUMNS.notice_acks, [noticeId, p.id, at, PLATFORM, `ou_${p.id}`]);
    }
  };
  const notice = async (unitId: string, by: string, name: string, publishAt: number, body: string) => {
    const row = [++id, unitId, null, body, 'sent', by, `${PLATFORM}:ou_${by}`, name, publishAt, publishAt, publishAt];
    await w.add('notices', COLUMNS.notices, row);
    return id;
  };
  for (let month = 0; month < 12; month++) {
    const monthStart = now - (12 - month) * 30 * DAY;
    for (let k = 0; k < shape.districtNoticesPerMonth; k++) {
      const at = monthStart + Math.floor(r() * 28 * DAY);
      const n = await notice(district.rootId, district.root.id, district.rootName, at, '区委通知：本月主题党日安排');
      for (const [bid, roster] of rosters) {
        await w.add('notice_targets', COLUMNS.notice_targets, [n, bid]);
        await acks(n, at, roster, district.root.id);
      }
    }
    for (const [bid, roster] of rosters) {
      for (let k = 0; k < shape.branchNoticesPerMonth; k++) {
        const at = monthStart + Math.floor(r() * 28 * DAY);
        const n = await notice(bid, roster[0]!.id, '书记', at, '支部通知：请按时参加组织生活');
        await w.add('notice_targets', COLUMNS.notice_targets, [n, bid]);
        await acks(n, at, roster, roster[0]!.id);
      }
    }
  }
}

async function seedPairing(
  w: RowWriter,
  r: () => number,
  now: number,
  shape: DistrictShape,
  rosters: Map<string, Person[]>,
): Promise<void> {
  let needId = 0;
  for (const [bid, roster] of rosters) {
    const vols = roster.filter((_, i) => i % 5 === 4);
    for (const v of vols) {
      const row = [v.id, '陪护、买菜', 1, '阳光小区', 0, 1, now - 300 * DAY, now - 300 * DAY];
      await w.add('volunteers', COLUMNS.volunteers, row);
    }
    for (let k = 0; k < shape.needsPerBranch; k++) {
      const status = NEED_STATUSES[k % NEED_STATUSES.length]!;
      const vol = status === 'open' || vols.length === 0 ? null : vols[k % vols.length]!.id;
      const createdAt = now - Math.floor((30 + r() * 300) * DAY);
      let lastVisit: number | null = null;
      const id = ++needId;
      if (vol && (status === 'in_service' || status === 'closed')) {
        for (let at = createdAt + 3 * DAY; at < now; at += Math.floor((10 + r() * 8) * DAY)) {
          const hours = 1 + Math.floor(r() * 5) / 2;
          const row = [id, vol, at, hours, '上门探望，陪同买菜', vol, `${PLATFORM}:ou_${vol}`];
          await w.add('service_logs', COLUMNS.service_logs, row);
          lastVisit = at;
        }
      }
      await w.add('needs', COLUMNS.needs, [
        id,
        bid,
        NEED_TYPES[k % NEED_TYPES.length]!,
        '每周上门探望',
        '阳光小区',
        status,
        status === 'open' ? 0 : 2,
        vol,
        `${PLATFORM}:ou_${roster[0]!.id}`,
        createdAt,
        createdAt + DAY,
        lastVisit,
      ]);
    }
  }
}
