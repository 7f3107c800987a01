import { mention, optional } from '../../src/command/args.js';
import { defineCommand } from '../../src/command/define.js';
import { EVERYONE, OFFICERS, SECRETARIES } from '../../src/contracts/roles.js';
import { actorIdentity } from '../../src/contracts/identity.js';
import { findMember, roster } from '../../src/services/org/members.js';
import { appoint, APPOINTMENT_CONFIRM_MINUTES, confirmAppointment } from '../../src/services/org/appoint.js';
import { lookupScope } from '../../src/services/org/scope.js';
import { resolveUnit } from '../../src/services/org/unit-admin.js';
import { pairingMeLines } from '../pairing/texts.js';
import { memberQuarter } from '../../src/services/meetings/quarter.js';
import { exportLinks } from '../../src/services/meetings/exports.js';
import { formatTime } from '../../src/contracts/time.js';
import { maxTextChars } from '../shared/long.js';
import { titleArg, unitNameRest } from './args.js';
import {
  fullRosterText,
  largestUnits,
  mayListAll,
  ROSTER_LISTED_UNITS,
  rosterLinkText,
  rosterSummaryText,
} from './roster-text.js';
import { rosterCounts, unitRoles } from '../../src/services/org/roster-counts.js';
import {
  adminWithoutUnitText,
  appointConfirmText,
  appointedText,
  meHeadLines,
  meQuarterLine,
  NOT_JOINED,
  titleOf,
} from './texts.js';

// 成员, 任命 and 我的: who is in a unit, their roles, and what a person sees about themselves.

export const membersCommand = defineCommand({
  name: '成员',
  aliases: ['members'],
  group: '组织',
  summary: '查看组织成员名册（角色和身份）',
  example: '成员 第一支部',
  roles: OFFICERS,
  readonly: true,
  args: [optional(unitNameRest('unit', '组织名称'))],
  async run(ctx, args) {
    const tree = await ctx.tree();
    const unit = resolveUnit(tree, args.unit, ctx.binding?.unitId ?? ctx.sender.member?.unitId);
    const max = maxTextChars(ctx);
    const counts = await rosterCounts(ctx.db, tree, ctx.sender, unit);
    if (mayListAll(counts, max)) {
      const full = fullRosterText(unit, await roster(ctx.db, tree, ctx.sender, unit), max);
      if (full !== null) return ctx.reply(full);
    }
    const listed = largestUnits(counts).slice(0, ROSTER_LISTED_UNITS);
    const roles = await unitRoles(
      ctx.db,
      listed.map((c) => c.unit.id),
    );
    ctx.reply(rosterSummaryText(unit, counts, roles, max));
    // The names of thousands go as a file; the link is a credential, so by direct message only.
    const by = ctx.sender.member?.id ?? actorIdentity(ctx.sender);
    const links = await exportLinks(ctx.deps.config, { kind: 'roster', unitId: unit.id }, by, ctx.now);
    ctx.replySensitive(rosterLinkText(unit, links, formatTime(links.expiresAt, unit.timeZone)), 'export-link');
  },
});

export const appointCommand = defineCommand({
  name: '任命',
  aliases: ['appoint'],
  group: '组织',
  summary: '设置成员角色：书记、副书记、委员、党员、预备党员、积极分子、群众（接替书记需「确认任命」）',
  example: '任命 @张三 委员',
  roles: SECRETARIES,
  args: [mention('target'), titleArg('title')],
  async run(ctx, args) {
    const tree = await ctx.tree();
    const member = await findMember(ctx.db, tree, ctx.msg.platform, args.target, lookupScope(ctx.sender));
    const out = await appoint(ctx.work, tree, ctx.sender, member, args.title);
    if (out.kind === 'needs_confirmation') {
      const unit = tree.get(member.unitId)?.name ?? '';
      ctx.reply(appointConfirmText(unit, member.name, out.current.name, APPOINTMENT_CONFIRM_MINUTES));
      return;
    }
    const before = titleOf(out.before.role, out.before.partyStatus, out.before.deputy);
    ctx.audit('member.appoint', {
      unitId: member.unitId,
      target: member.id,
      detail: { from: before, to: args.title.word },
    });
    ctx.reply(appointedText(member.name, args.title.word, before));
  },
});

export const confirmAppointCommand = defineCommand({
  name: '确认任命',
  aliases: ['confirm-appoint'],
  group: '组织',
  summary: `确认由新书记接替原书记（「任命 @某人 书记」后 ${APPOINTMENT_CONFIRM_MINUTES} 分钟内）`,
  example: '确认任命',
  roles: SECRETARIES,
  args: [],
  async run(ctx) {
    const { target, before, replaced } = await confirmAppointment(ctx.work, await ctx.tree(), ctx.sender);
    const from = titleOf(before.role, before.partyStatus, before.deputy);
    ctx.audit('member.appoint', { unitId: target.unitId, target: target.id, detail: { from, to: '书记' } });
    if (replaced) {
      const detail = { from: '书记', to: '党员', replacedBy: target.id };
      ctx.audit('member.appoint', { unitId: replaced.unitId, target: replaced.id, detail });
    }
    ctx.reply(appointedText(target.name, '书记', from, replaced?.name));
  },
});

export const meCommand = defineCommand({
  name: '我的',
  aliases: ['me'],
  group: '常用',
  summary: '我的组织、角色和本季度考勤',
  example: '我的',
  roles: EVERYONE,
  readonly: true,
  args: [],
  async run(ctx) {
    const { sender } = ctx;
    if (!sender.member) {
      ctx.reply(sender.role === 'admin' ? adminWithoutUnitText(actorIdentity(sender)) : NOT_JOINED);
      return;
    }
    const tree = await ctx.tree();
    const m = sender.member;
    const path = m.unitId ? tree.path(m.unitId) : null;
    const lines = meHeadLines(m.name, path, titleOf(m.role, m.partyStatus, m.deputy), sender.role === 'admin');
    if (m.unitId) {
      const { bounds, tally } = await memberQuarter(ctx.db, tree, m.id, ctx.now);
      lines.push(meQuarterLine(bounds, tally));
    }
    lines.push(...(await pairingMeLines(ctx.db, m.id)));
    ctx.reply(lines.join('\n'));
  },
});
