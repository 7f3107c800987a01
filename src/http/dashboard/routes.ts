import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { CommandDeps } from '../../command/context.js';
import { canView, homeUnits, isCommitteePage, officerOf } from '../../services/dashboard/access.js';
import { branchFigures } from '../../services/dashboard/branch.js';
import { endSession, redeemLink, secretHash } from '../../services/dashboard/links.js';
import {
  committeeRows,
  ROW_FIRST_GUESS_MS,
  ROW_REFRESH_BUDGET_MS,
  RowRefresher,
} from '../../services/dashboard/rows.js';
import type { Unit, UnitTree } from '../../services/org/units.js';
import { loadAssets, type AssetRuntime } from './assets.js';
import { branchCharts } from './charts.js';
import { ASSET_FILES, type Assets } from './files.js';
import { dashboardHeaders, messagePage, page } from './html.js';
import { branchPage, committeePage, homePage, type Crumb } from './pages.js';
import { audit, clearSessionCookie, setSessionCookie, viewerOf, type Viewer } from './session.js';
import { branchTables, committeeTable } from './tables.js';
import { xlsxResponse } from './xlsx.js';

const loginBody = z.object({ token: z.string().max(200) });

const SIGNED_OUT = [
  '看板的登录链接只能使用一次，登录 8 小时后需要重新登录。',
  '请在私聊中向机器人发送「看板」获取新的链接。',
];
const ENDED = ['你已不是书记、委员或管理员，看板会话已结束。'];

type Kind = 'html' | 'json';

/** False for a request another site's page made (by the browser's Sec-Fetch-Site, else its Origin). */
function sameSite(c: Context): boolean {
  if (c.req.header('sec-fetch-site') === 'cross-site') return false;
  const origin = c.req.header('origin');
  if (!origin) return true;
  try {
    return new URL(origin).host === new URL(c.req.url).host;
  } catch {
    return false; // "null" (a sandboxed frame) and anything unreadable
  }
}

function refuse(c: Context, kind: Kind, status: 401 | 403 | 404, error: string, title: string, lines: string[]) {
  dashboardHeaders(c);
  return kind === 'json' ? c.json({ error }, status) : c.html(messagePage(title, lines), status);
}

/**
 * The dashboard (看板): the sign-in page and its POST (the link's secret travels in the URL's
 * fragment, so it reaches neither server logs nor link previews), the pages of a unit (a branch's
 * figures and charts, or a 党委's branches), their data as JSON, each table as XLSX, and the
 * page's own files. Every signed-in request re-checks the person and is audited.
 */
export function dashboardRoutes(app: Hono, deps: CommandDeps, runtime: AssetRuntime): void {
  let assets: Promise<Assets> | undefined;
  // The cost of a 党委 row as last measured here: how many rows a request can refresh in its budget.
  const rowCost = { perRowMs: ROW_FIRST_GUESS_MS };
  const refresher = new RowRefresher(
    deps.store,
    () => deps.clock.now(),
    (err) => deps.log.error('dashboard rows refresh failed', { err: String(err) }),
  );
  // Missing and stale rows are computed after the answer; on Workers the isolate stays up for it.
  const rowsOf = (c: Context, tree: UnitTree, unit: Unit, now: Date) =>
    committeeRows(deps.store, tree, unit, now, {
      estimate: rowCost,
      // While a pass runs it is computing these rows already.
      budgetMs: refresher.busy ? 0 : ROW_REFRESH_BUDGET_MS,
      onDue: (due, missing) => {
        const pass = refresher.add(tree, due, missing);
        if (runtime !== 'worker') return;
        try {
          c.executionCtx.waitUntil(pass);
        } catch {
          // No execution context (app.request in a test): the pass runs as long as the isolate does.
        }
      },
    });
  // Background steps wait for the answers in flight (RowRefresher.enter/leave).
  app.use('/dashboard/*', async (_c, next) => {
    refresher.enter();
    try {
      await next();
    } finally {
      refresher.leave();
    }
  });
  app.get('/dashboard/assets/:file', async (c) => {
    const name = c.req.param('file');
    const type = ASSET_FILES.get(name);
    if (type === undefined) return c.json({ error: 'not found' }, 404);
    // Read once, on first use; a failed read is tried again by the next request.
    assets ??= loadAssets(runtime).catch((err: unknown) => {
      assets = undefined;
      throw err;
    });
    const body = (await assets).get(name) ?? '';
    dashboardHeaders(c);
    c.header('Content-Type', type);
    return c.body(body);
  });

  app.get('/dashboard/login', (c) => {
    dashboardHeaders(c);
    const body =
      '<main class="message"><h1>登录看板</h1><p id="login-status">正在登录…</p>' +
      '<noscript><p>看板需要启用 JavaScript。</p></noscript></main>';
    return c.html(page({ title: '登录看板', body, scripts: ['login.js'] }));
  });

  app.post('/dashboard/login', async (c) => {
    dashboardHeaders(c);
    // Only the sign-in page itself posts here; a form on another site may not.
    if (!sameSite(c)) return c.json({ error: 'cross_site' }, 403);
    const parsed = loginBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: 'token: expected a string' }, 400);
    const now = deps.clock.now();
    const r = await redeemLink(deps.store, parsed.data.token, now);
    if (!r.ok) {
      if (r.reason === 'unknown') return c.json({ error: 'link_invalid' }, 403);
      return c.json({ error: r.reason === 'used' ? 'link_used' : 'link_expired' }, 410);
    }
    const who = { identity: r.identity, memberId: r.memberId };
    if (!(await officerOf(deps.store.db, deps.admins, r.identity))) {
      await deps.store.batch([endSession(deps.store.db, await secretHash(r.session), 'not_officer', now)]);
      return c.json({ error: 'not_officer' }, 403);
    }
    await deps.store.batch([audit(deps, who, 'dashboard.signin', null)]);
    setSessionCookie(c, r.session);
    return c.json({ ok: true, next: '/dashboard/' });
  });

  app.post('/dashboard/logout', async (c) => {
    const v = await viewerOf(c, deps);
    if (v.ok) {
      const now = deps.clock.now();
      const s = v.viewer.session;
      await deps.store.batch([
        endSession(deps.store.db, s.hash, 'signed_out', now),
        audit(deps, s, 'dashboard.signout', null),
      ]);
    }
    clearSessionCookie(c);
    dashboardHeaders(c);
    return c.html(messagePage('已退出看板', ['需要时请在私聊中向机器人发送「看板」获取新的登录链接。']));
  });

  /** The signed-in officer, or the refusal to answer with. */
  const signedIn = async (c: Context, kind: Kind): Promise<Viewer | Response> => {
    const v = await viewerOf(c, deps);
    if (v.ok) return v.viewer;
    if (v.reason === 'ended') return refuse(c, kind, 401, 'session_ended', '看板会话已结束', ENDED);
    return refuse(c, kind, 401, 'signed_out', '请重新登录看板', SIGNED_OUT);
  };

  /** The unit named in the path, if it exists and the viewer may open it. */
  const unitFor = async (
    c: Context,
    viewer: Viewer,
    kind: Kind,
  ): Promise<{ unit: Unit; tree: UnitTree } | Response> => {
    const tree = await deps.cache.tree(deps.store.db);
    const unit = tree.get(c.req.param('id'));
    if (!unit) return refuse(c, kind, 404, 'not_found', '找不到这个组织', ['链接中的组织不存在或已删除。']);
    if (!canView(viewer.sender, tree, unit.id)) {
      return refuse(c, kind, 403, 'forbidden', '没有查看权限', ['你只能查看本组织及下级组织的看板。']);
    }
    return { unit, tree };
  };

  const crumbs = (tree: UnitTree, viewer: Viewer, unit: Unit): Crumb[] => {
    const out: Crumb[] = [];
    for (let u: Unit | undefined = unit; u && out.length < 64; u = tree.get(u.parentId)) {
      out.unshift({ id: u.id, name: u.name, open: canView(viewer.sender, tree, u.id) });
    }
    return out;
  };

  const viewed = (viewer: Viewer, unitId: string | null, detail: object) =>
    deps.store.batch([audit(deps, viewer.session, 'dashboard.view', unitId, detail)]);

  app.get('/dashboard', (c) => c.redirect('/dashboard/', 302));
  app.get('/dashboard/', async (c) => {
    const viewer = await signedIn(c, 'html');
    if (viewer instanceof Response) return viewer;
    const tree = await deps.cache.tree(deps.store.db);
    const units = homeUnits(viewer.sender, tree);
    dashboardHeaders(c);
    if (units.length === 1) return c.redirect(`/dashboard/unit/${encodeURIComponent(units[0]!.id)}`, 302);
    await viewed(viewer, null, { view: 'home' });
    if (units.length === 0) return c.html(messagePage('看板', ['你还没有所属组织，看板暂无可看内容。']));
    return c.html(homePage(units));
  });

  app.get('/dashboard/unit/:id', async (c) => {
    const viewer = await signedIn(c, 'html');
    if (viewer instanceof Response) return viewer;
    const found = await unitFor(c, viewer, 'html');
    if (found instanceof Response) return found;
    const { unit, tree } = found;
    const now = deps.clock.now();
    const trail = crumbs(tree, viewer, unit);
    const html = isCommitteePage(unit)
      ? committeePage(await rowsOf(c, tree, unit, now), trail, unit.timeZone, now)
      : branchPage(await branchFigures(deps.store.db, tree, unit, now), trail);
    await viewed(viewer, unit.id, { view: 'page' });
    dashboardHeaders(c);
    return c.html(html);
  });

  app.get('/dashboard/api/unit/:id', async (c) => {
    const viewer = await signedIn(c, 'json');
    if (viewer instanceof Response) return viewer;
    const found = await unitFor(c, viewer, 'json');
    if (found instanceof Response) return found;
    const { unit, tree } = found;
    const now = deps.clock.now();
    let body: object;
    if (isCommitteePage(unit)) body = { kind: 'committee', ...(await rowsOf(c, tree, unit, now)) };
    else {
      const figures = await branchFigures(deps.store.db, tree, unit, now);
      body = { kind: 'branch', figures, charts: branchCharts(figures) };
    }
    await viewed(viewer, unit.id, { view: 'data' });
    dashboardHeaders(c);
    return c.json(body);
  });

  app.get('/dashboard/unit/:id/xlsx/:file', async (c) => {
    const viewer = await signedIn(c, 'json');
    if (viewer instanceof Response) return viewer;
    const found = await unitFor(c, viewer, 'json');
    if (found instanceof Response) return found;
    const { unit, tree } = found;
    const key = /^([a-z]+)\.xlsx$/.exec(c.req.param('file'))?.[1];
    const now = deps.clock.now();
    const tables = isCommitteePage(unit)
      ? [committeeTable(await rowsOf(c, tree, unit, now), unit.timeZone)]
      : branchTables(await branchFigures(deps.store.db, tree, unit, now));
    const table = tables.find((t) => t.key === key);
    if (!table) return refuse(c, 'json', 404, 'not_found', '', []);
    await viewed(viewer, unit.id, { view: 'xlsx', table: table.key });
    dashboardHeaders(c);
    return xlsxResponse(c, unit.name, table);
  });
}
