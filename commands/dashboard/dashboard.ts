import { defineCommand } from '../../src/command/define.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { formatTime } from '../../src/contracts/time.js';
import { signInUrl } from '../../src/services/dashboard/links.js';
import { requestSignIn } from '../../src/services/dashboard/sign-in.js';
import { linkText } from './texts.js';

export const dashboardCommand = defineCommand({
  name: '看板',
  aliases: ['dashboard'],
  group: '看板',
  summary: '网页看板的一次性登录链接（仅私聊；10 分钟内有效，登录后 8 小时）',
  example: '看板',
  roles: OFFICERS,
  chat: 'direct',
  args: [],
  async run(ctx) {
    const tree = await ctx.tree();
    const link = await requestSignIn(ctx.work, tree, ctx.sender);
    // The audit names the link's expiry, never its secret.
    ctx.audit('dashboard.link', { unitId: link.units[0]?.id ?? null, detail: { expiresAt: link.expiresAt.getTime() } });
    const zone = link.units[0]?.timeZone ?? ctx.deps.config.PIONEER_TZ;
    const url = signInUrl(ctx.deps.config.PUBLIC_URL, link.secret);
    ctx.replySensitive(
      linkText(
        url,
        link.units.map((u) => u.name),
        formatTime(link.expiresAt, zone),
      ),
    );
  },
});
