import type { ErrorTexts } from '../../src/command/define.js';
import { ROLE_LABEL, titleOf } from '../../src/command/texts.js';
import type { MemberRole, PartyStatus, RoleAndStatus } from '../../src/contracts/roles.js';
import { formatTime } from '../../src/contracts/time.js';
import type { OrgErrors } from '../../src/services/org/errors.js';
import type { Unit, UnitType } from '../../src/services/org/units.js';

// Every word of the organisation commands (建组织, 绑定, 解绑, 邀请, 加入, 成员, 任命, 我的) that
// people read, and the role words they type.

/**
 * How people call each role. The dispatcher names roles in its refusals and may not import
 * commands/, so the map is declared with it (src/command/texts.ts) and passed on from here.
 */
export { ROLE_LABEL, titleOf };

/** A role word as typed (邀请 预备党员, 任命 @张三 委员), with the record it produces. */
export interface Title extends RoleAndStatus {
  /** The word as typed; the reply and the audit log quote it. */
  word: string;
}

const title = (word: string, role: MemberRole, partyStatus: PartyStatus | null, deputy = false): [string, Title] => [
  word,
  { word, role, partyStatus, deputy },
];

/** The titles 任命 and 邀请 accept, in the order refusals list them. */
export const TITLES: ReadonlyMap<string, Title> = new Map([
  title('书记', 'secretary', 'formal'),
  title('副书记', 'secretary', 'formal', true),
  title('委员', 'committee', 'formal'),
  title('党员', 'member', 'formal'),
  title('正式党员', 'member', 'formal'),
  title('预备党员', 'member', 'probationary'),
  title('积极分子', 'activist', null),
  title('群众', 'masses', null),
]);

/** The title 邀请 gives when none is named. */
export const DEFAULT_INVITE_TITLE = TITLES.get('党员')!;

export const UNIT_TYPE_LABEL: ReadonlyMap<UnitType, string> = new Map<UnitType, string>([
  ['committee', '党委'],
  ['general_branch', '总支'],
  ['branch', '支部'],
  ['group', '党小组'],
]);

const typeLabel = (t: UnitType): string => UNIT_TYPE_LABEL.get(t) ?? t;

// What an argument that does not fit says (after "名称「…」不对：").
export const nameTooLong = (max: number): string => `名称最多 ${max} 个字`;
export const memberNameTooLong = (max: number): string => `姓名最多 ${max} 个字`;
export const BAD_MEMBER_NAME = '姓名不能包含 @ < >';
export const BAD_INVITE_CODE = '邀请码由字母和数字组成';

export const unitCreatedText = (unit: Unit, parent: Unit | undefined): string =>
  `已创建${typeLabel(unit.type)}「${unit.name}」${parent ? `，上级：${parent.name}` : '（顶层组织）'}。`;

export const boundText = (unit: Unit): string => `本群已绑定到「${unit.name}」，该组织的通知和会议提醒将发到这里。`;

/** The word that names a send-only group robot in 绑定 <组织> 群机器人 <key>. */
export const ROBOT_WORD = '群机器人';
export const ROBOT_USAGE = `绑定 <组织> ${ROBOT_WORD} <key>（私聊我；key 是群机器人 Webhook 地址中 key= 后的部分）`;
/** 绑定 <组织> in a direct chat: a group is bound in that group; on a platform with robots, a robot here. */
export const bindInDirectText = (robots: boolean): string =>
  '要绑定群聊，请在该群里 @我 发送「绑定 <组织>」。' + (robots ? '私聊里可以绑定群机器人。' : '');
export const BAD_ROBOT_KEY = '群机器人的 key 不对：请粘贴群机器人的 Webhook 地址，或其中 key= 后面的部分。';
export const NO_ROBOT_DATA_KEY = '无法保存群机器人的 key：服务器未配置 PIONEER_DATA_KEY，请联系管理员。';
export const robotsUnsupported = (label: string): string =>
  `${label}没有可绑定的群机器人；请在群里 @我 发送「绑定 <组织>」。`;
export const robotBoundText = (unit: Unit): string =>
  `已把群机器人绑定到「${unit.name}」，该组织的通知和会议提醒也将由它发到群里。` +
  '群机器人只能发送：成员请私聊我回复「收到」确认通知。';

export const unboundText = (unit: Unit | undefined): string =>
  `本群已与「${unit?.name ?? '(已删除的组织)'}」解除绑定。`;

export const inviteSummary = (days: number): string => `生成一次性邀请码（默认角色党员，${days} 天有效）`;

/** 邀请 in a group: the code itself went by direct message. */
export const INVITE_SENT_PRIVATELY = '邀请码已私信发给你。';

/** 邀请: the code, sent to the issuer by direct message only. */
export const inviteText = (unit: Unit, code: string, titleWord: string, expiresAt: Date, forName?: string): string =>
  `「${unit.name}」邀请码：${code}（角色：${titleWord}，一次有效，${formatTime(expiresAt, unit.timeZone)} 前可用` +
  `${forName ? `，只限 ${forName} 本人的账号使用` : ''}）\n` +
  `请私下转交对方，不要发到群里；对方私聊我发送：加入 ${code} 姓名\n有人使用后我会私信告诉你是谁。`;

/** Who used a code, for its issuer (by direct message): the name they gave and their platform account. */
export const inviteUsedText = (
  unit: Unit,
  code: string,
  title: string,
  name: string,
  account: { platform: string; userId: string; displayName?: string },
): string => {
  const shown = account.displayName && account.displayName !== name ? `，昵称 ${account.displayName}` : '';
  return (
    `你发放的「${unit.name}」邀请码 ${code}（${title}）已被使用：${name}（${account.platform}账号 ${account.userId}${shown}）` +
    `已加入「${unit.name}」。\n如果不是你要邀请的人，请发送「任命 @${name} 群众」并联系管理员。`
  );
};

export const welcomeText = (name: string, unit: Unit, title: string): string =>
  `欢迎 ${name} 加入「${unit.name}」，角色：${title}。发送「帮助」查看可用命令。`;

export const appointedText = (name: string, titleWord: string, before: string, replaced?: string): string =>
  `已任命 ${name} 为${titleWord}（原为${before}）。` + (replaced ? `原书记 ${replaced} 改为党员。` : '');

/** 任命 … 书记 in a unit that has one: what to send to confirm, or how to keep both. */
export const appointConfirmText = (unit: string, name: string, current: string, minutes: number): string =>
  `「${unit}」已有书记 ${current}。要由 ${name} 接替书记（${current} 改为党员），请在 ${minutes} 分钟内发送「确认任命」；` +
  `要两位都任书记，请改为「任命 @${name} 副书记」。`;

/** 我的, for an administrator without a member record. */
export const adminWithoutUnitText = (identity: string): string => `你是管理员（${identity}），尚未加入具体组织。`;

/** 我的, for someone not registered. */
export const NOT_JOINED = '你还没有加入组织，请向书记索取邀请码后发送：加入 <邀请码> <姓名>';

/** 我的: name, unit path and role (the attendance and pairing lines follow). */
export const meHeadLines = (name: string, unitPath: string | null, title: string, admin: boolean): string[] => [
  name,
  `组织：${unitPath ?? '无'}`,
  `角色：${title}${admin ? '（管理员）' : ''}`,
];

export const meQuarterLine = (
  b: { year: number; quarter: number },
  t: { present: number; expected: number; leave: number; absent: number },
): string =>
  `本季度考勤（${b.year}年第${b.quarter}季度）：实到 ${t.present}/${t.expected}，请假 ${t.leave}，缺席 ${t.absent}`;

/** 「是不是「泰山区某社区党委」？」 after a name that was not found, when one is close. */
export const didYouMean = (closest: string | undefined): string => (closest ? `是不是「${closest}」？` : '');

export const orgErrorTexts: ErrorTexts<OrgErrors> = {
  'org.unit_exists': ({ name }) => `已有名为「${name}」的组织。`,
  'org.unit_type_invalid': ({ word }) => `类型「${word}」不对，应为 党委、总支、支部 或 小组。`,
  'org.unit_type_unknown': () => '无法从名称判断类型，请注明类型（党委、总支、支部、小组）。',
  'org.parent_not_found': ({ name, closest }) => `找不到上级组织「${name}」。${didYouMean(closest)}`,
  'org.parent_required': () => '请注明上级组织。',
  'org.parent_out_of_scope': ({ parentName }) => `你只能在本组织及下级组织中建组织，「${parentName}」不在其中。`,
  'org.unit_type_below': ({ type, parentType, parentName }) =>
    `${typeLabel(type)}不能建在${typeLabel(parentType)}「${parentName}」之下。`,
  'org.unit_not_found': ({ name, closest }) => `找不到组织「${name}」。${didYouMean(closest)}`,
  'org.unit_unspecified': () => '请指明组织名称，或在已绑定的群里使用。',
  'org.cannot_manage': ({ unitName }) => `你无权管理「${unitName}」。`,
  'org.chat_already_bound': ({ unitName }) => `本群已绑定到「${unitName}」。`,
  'org.chat_bound_elsewhere': ({ unitName }) => `本群已绑定到「${unitName ?? '其他组织'}」，请先发送「解绑」。`,
  'org.chat_not_bound': () => '本群尚未绑定任何组织。',
  'org.unbind_admin_only': () => '只有管理员可以解绑此群。',
  'org.officer_invite_admin_only': () => '书记、委员的邀请码只能由管理员发放；也可在成员加入后用「任命」。',
  'org.already_member': ({ unitName, memberName }) =>
    `你已是「${unitName ?? '本组织'}」的成员（${memberName}），无需再次加入。`,
  'org.invite_not_found': ({ code }) => `邀请码「${code}」不存在，请核对后重试。`,
  'org.invite_expired': ({ code }) => `邀请码「${code}」已过期，请向书记索取新的邀请码。`,
  'org.invite_used': ({ code }) => `邀请码「${code}」已被使用，请向书记索取新的邀请码。`,
  'org.invite_unit_gone': () => '该邀请码对应的组织已不存在。',
  'org.invite_for_other': ({ code }) =>
    `邀请码「${code}」是发给指定的人的，你的账号不能使用，请向书记索取你自己的邀请码。`,
  'org.invite_mention_needs_account': ({ name }) =>
    `没有找到「${name}」的账号：请在群里用 @ 选中对方（不要手打名字），邀请码只给对方本人的账号使用。`,
  'org.invite_second_secretary': ({ unitName, current }) =>
    `「${unitName}」已有书记 ${current}：第二位请邀请为副书记（邀请 副书记），或加入后用「任命 @某人 书记」接替。`,
  'org.invite_for_member': ({ name }) => `${name} 已是成员，不需要邀请码；要改角色请用「任命」。`,
  'org.roster_forbidden': ({ unitName }) => `你无权查看「${unitName}」的成员。`,
  'org.member_without_unit': ({ memberName }) => `${memberName} 还没有所属组织，请先邀请其加入。`,
  'org.secretary_superior_only': ({ memberName, unitName }) =>
    `${memberName}：「${unitName}」书记的任免只能由管理员或上级组织的书记、委员办理。`,
  'org.officer_must_be_formal': ({ memberName, role, partyStatus }) =>
    `${memberName} 目前是${titleOf(role, partyStatus)}，书记、副书记、委员须为正式党员；请先任命为正式党员。`,
  'org.no_appointment_draft': () => '没有待确认的任命。接替书记请先发送「任命 @某人 书记」。',
  'org.appointment_draft_expired': ({ minutes }) =>
    `待确认的任命已超过 ${minutes} 分钟，已作废；请重新发送「任命 @某人 书记」。`,
  'org.appointment_draft_stale': () => '待确认的任命所涉及的人员已有变动，请重新发送「任命 @某人 书记」。',
  'org.appoint_self': () => '不能更改自己的角色。',
  'org.member_ambiguous': ({ name, count }) => `有 ${count} 位名叫「${name}」的成员，请用 @ 指明是哪一位。`,
  'org.member_not_found': ({ name, closest }) =>
    closest ? `找不到成员「${name}」。${didYouMean(closest)}` : `找不到成员「${name}」，对方需要先用邀请码加入。`,
};
