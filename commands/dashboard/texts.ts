import type { ErrorTexts } from '../../src/command/define.js';
import type { DashboardErrors } from '../../src/services/dashboard/errors.js';
import { LINK_TTL_MIN, SESSION_TTL_HOURS } from '../../src/services/dashboard/links.js';

export const dashboardErrorTexts: ErrorTexts<DashboardErrors> = {
  'dashboard.no_unit': () => '你还没有所属组织，看板暂无可看内容。请先让管理员把你加入组织。',
};

/** The reply holding the link: a secret, sent only here and never stored with the answer. */
export function linkText(url: string, units: string[], expires: string): string {
  return [
    `看板登录链接（仅限本人使用，${LINK_TTL_MIN} 分钟内有效，只能使用一次）：`,
    url,
    `链接 ${expires} 前有效；登录后 ${SESSION_TTL_HOURS} 小时内可查看：${units.join('、')}。`,
    '请勿转发。链接过期或用过后，再发一次「看板」即可。',
  ].join('\n');
}
