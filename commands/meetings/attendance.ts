import { duesExportWords } from '../dues/export.js';
import { idOf, optional, rest, word } from '../../src/command/args.js';
import { defineCommand } from '../../src/command/define.js';
import { CommandError } from '../../src/command/errors.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { formatTime, quarterOf } from '../../src/contracts/time.js';
import { actorIdentity } from '../../src/contracts/identity.js';
import { checkManager, unitToReport } from '../../src/services/meetings/access.js';
import { absenceWarnings, meetingRoll, type MeetingRoll } from '../../src/services/meetings/attendance.js';
import { exportLinks, type ExportTarget } from '../../src/services/meetings/exports.js';
import { latestOpened } from '../../src/services/meetings/find.js';
import { requireMeeting, windowOf, type Meeting } from '../../src/services/meetings/meetings.js';
import { quarterBounds, quarterSummary } from '../../src/services/meetings/quarter.js';
import type { UnitTree } from '../../src/services/org/units.js';
import { MEETING_ID_DIGITS } from './args.js';
import { readQuarter } from '../shared/quarter.js';
import { chatUnit, placeOf, tzOf } from '../shared/chat.js';
import { unfinishedRecords } from '../../src/services/records/unfinished.js';
import { MAKEUP_STATUS_NAME, ROLL_REASONS_SENT, meetingLabel, meetingSpanLabel } from './texts.js';
import { quarterText } from './quarter-text.js';
import { maxTextChars } from '../shared/long.js';

const list = (xs: string[]) => (xs.length ? `：${xs.join('、')}` : '');

/** 党员大会: the verdict once the meeting has ended; before, only how many 正式党员 have come. */
function quorumLine(q: NonNullable<MeetingRoll['quorum']>): string {
  const counts = `到会正式党员 ${q.formalPresent} 人`;
  if (q.ok === null) return `${counts}（应到正式党员 ${q.formalExpected} 人），会议结束后判断是否达到法定人数。`;
  return q.ok
    ? `${counts}，超过应到正式党员 ${q.formalExpected} 人的半数，符合党员大会表决人数要求。`
    : `${counts}，未超过应到正式党员 ${q.formalExpected} 人的半数，不足法定人数，不能表决。`;
}

/** `reasons`: whether to show why people were away (never in a group: they go to the officer privately). */
function rollText(
  roll: MeetingRoll,
  tree: UnitTree,
  warnings: { name: string; streak: number }[],
  reasons: boolean,
): string {
  const why = (name: string, reason: string | null | undefined) => (reasons && reason ? `${name}(${reason})` : name);
  const m = roll.meeting;
  const tz = tzOf(tree, m.unitId);
  const lines = [`考勤 ${meetingSpanLabel(m, tz)}${m.place ? ` · ${m.place}` : ''}`];
  if (m.status === 'cancelled') lines.push('（本次会议已取消）');
  const started = m.startsAt <= roll.at.getTime();
  if (roll.phase === 'before') lines.push(`（未开始，签到 ${formatTime(windowOf(m).opensAt, tz)} 开始）`);
  if (roll.phase === 'open')
    lines.push(`（${started ? '进行中' : '未开始'}，签到中，${formatTime(windowOf(m).closesAt, tz)} 结束）`);
  if (roll.phase === 'closed' && !roll.ended && m.endsAt !== null)
    lines.push(`（进行中，签到已结束，会议 ${formatTime(new Date(m.endsAt), tz)} 结束）`);
  lines.push(`应到 ${roll.expected.length} 人（正式党员 ${roll.formal}，预备党员 ${roll.probationary}）`);
  lines.push(`实到 ${roll.present.length} 人${list(roll.present.map((a) => a.name))}`);
  lines.push(
    `迟到 ${roll.late.length} 人${list(
      roll.late.map((a) => `${a.name}(${Math.ceil((a.row.at - m.startsAt) / 60_000)} 分钟)`),
    )}`,
  );
  lines.push(`请假 ${roll.leave.length} 人${list(roll.leave.map((a) => why(a.name, a.row.reason)))}`);
  const missing = roll.ended ? roll.absent : roll.notYet;
  lines.push(
    `${roll.ended ? '缺席' : '未签到'} ${missing.length} 人${list(missing.map((a) => why(a.name, a.reason)))}`,
  );
  if (roll.proxy.length) lines.push(`代签 ${roll.proxy.length} 人${list(roll.proxy.map((a) => a.name))}`);
  if (roll.makeup.length) lines.push(`补签 ${roll.makeup.length} 人${list(roll.makeup.map((a) => a.name))}`);
  if (roll.guests.length)
    lines.push(`列席（不计入应到）${roll.guests.length} 人${list(roll.guests.map((a) => a.name))}`);
  const pending = roll.requests.filter((r) => r.status === 'pending');
  if (pending.length) {
    const asked = list(
      pending.map((r) => `${r.id}号 ${r.name}(${reasons ? `${r.reason}，` : ''}${MAKEUP_STATUS_NAME.get(r.status)})`),
    );
    lines.push(`补签申请${asked}，发送「批准 申请号」或「驳回 申请号 原因」处理`);
  }
  if (roll.quorum) lines.push(quorumLine(roll.quorum));
  if (warnings.length) lines.push(`连续缺席预警：${warnings.map((w) => `${w.name}(连续 ${w.streak} 次)`).join('、')}`);
  return lines.join('\n');
}

export const attendanceCommand = defineCommand({
  name: '考勤',
  aliases: ['attendance'],
  group: '会议',
  summary: '应到、实到、请假、缺席、迟到名单；党员大会给出是否达到法定人数',
  example: '考勤 12',
  roles: OFFICERS,
  readonly: true,
  // Any word is taken and checked in run: a malformed number is refused as it always was, never
  // skipped (which would show the latest meeting instead).
  args: [optional(word('id', '编号'))],
  async run(ctx, args) {
    const tree = await ctx.tree();
    let m: Meeting;
    if (args.id !== undefined) {
      const n = idOf(args.id, MEETING_ID_DIGITS);
      if (n === null) throw new CommandError(`编号「${args.id.slice(0, 20)}」应为数字。`, '考勤 [编号]\n例如：考勤 12');
      m = await requireMeeting(ctx.db, n);
    } else m = await latestOpened(ctx.db, tree, chatUnit(ctx, tree), ctx.now);
    checkManager(tree, ctx.sender, placeOf(ctx), m);
    const roll = await meetingRoll(ctx.db, tree, m, ctx.now);
    const warnings = await absenceWarnings(ctx.db, tree, roll.expected, ctx.now);
    const streaks = warnings.map((w) => ({ name: w.person.name, streak: w.streak }));
    const full = rollText(roll, tree, streaks, true);
    if (ctx.msg.chatType === 'direct') return ctx.reply(full);
    // In a group: counts and names only; why people were away goes to the officer by direct message.
    const brief = rollText(roll, tree, streaks, false);
    ctx.reply(brief === full ? brief : `${brief}\n${ROLL_REASONS_SENT}`);
    if (brief !== full) ctx.replyDirect(full);
  },
});

export const quarterCommand = defineCommand({
  name: '本季度',
  aliases: ['quarter'],
  group: '会议',
  summary: '本季度三会一课完成情况（已开/应开）和连续缺席预警',
  example: '本季度',
  roles: OFFICERS,
  readonly: true,
  args: [optional(rest('unit', '组织名称'))],
  async run(ctx, args) {
    const tree = await ctx.tree();
    const unit = unitToReport(tree, ctx.sender, placeOf(ctx), args.unit);
    const q = quarterOf(ctx.now, unit.timeZone);
    const bounds = quarterBounds(q.year, q.quarter, unit.timeZone);
    const report = await quarterSummary(ctx.db, tree, unit, bounds, ctx.now, ctx.deps.warnings);
    const unfinished = await unfinishedRecords(ctx.db, tree, unit.id, bounds, ctx.now, report.meetings);
    const input = { tree, unit, year: q.year, quarter: q.quarter, now: ctx.now, report, unfinished };
    ctx.reply(quarterText({ ...input, maxChars: maxTextChars(ctx) }));
  },
});

export const exportCommand = defineCommand({
  name: '导出',
  aliases: ['export'],
  group: '会议',
  summary: '导出会议或季度考勤（CSV、XLSX）和会议记录（DOCX，季度为 ZIP），下载链接私信发给你',
  example: '导出 本季度',
  roles: OFFICERS,
  args: [word('what', '编号或季度'), optional(rest('unit', '组织名称'))],
  async run(ctx, args) {
    // 导出 党费 本季度: the 党费 files (commands/dues/export.ts).
    if (args.what === '党费') return duesExportWords(ctx, args.unit);
    const tree = await ctx.tree();
    let target: ExportTarget;
    let label: string;
    let unitId: string;
    const n = idOf(args.what, MEETING_ID_DIGITS);
    if (n !== null) {
      const m = await requireMeeting(ctx.db, n);
      checkManager(tree, ctx.sender, placeOf(ctx), m);
      target = { kind: 'meeting', meetingId: m.id };
      label = `会议 ${meetingLabel(m, tzOf(tree, m.unitId))}`;
      unitId = m.unitId;
    } else {
      const unit = unitToReport(tree, ctx.sender, placeOf(ctx), args.unit);
      const q = readQuarter(args.what, ctx.now, unit.timeZone);
      if (!q)
        throw new CommandError(
          `「${args.what.slice(0, 20)}」不是会议编号或季度。`,
          '导出 <编号或季度> [组织名称]\n例如：导出 12、导出 本季度、导出 上季度、导出 2026年第四季度、导出 2026Q4',
        );
      target = { kind: 'quarter', unitId: unit.id, year: q.year, quarter: q.quarter };
      // Attendance is kept by quarter: a month exports the quarter it falls in, and says so.
      const month = q.month ? `（${q.month}月所在季度）` : '';
      label = `「${unit.name}」${q.year}年第${q.quarter}季度考勤${month}`;
      unitId = unit.id;
    }
    const by = ctx.sender.member?.id ?? actorIdentity(ctx.sender);
    const links = await exportLinks(ctx.deps.config, target, by, ctx.now);
    ctx.audit('export.link', { unitId, target: JSON.stringify(target) });
    if (ctx.msg.chatType === 'group') ctx.reply('导出链接已私信发给你。');
    ctx.replySensitive(
      [
        `${label} 导出（含成员姓名，仅限书记、委员使用，请勿转发）：`,
        `CSV：${links.csv}`,
        `XLSX：${links.xlsx}`,
        `${target.kind === 'meeting' ? '会议记录（DOCX）' : '本季度会议记录（ZIP）'}：${links.records}`,
        `链接 ${formatTime(links.expiresAt, tzOf(tree, unitId))} 前有效。`,
      ].join('\n'),
      'export-link',
    );
  },
});
