import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_STORED } from '../../../../src/command/texts.js';
import { DASHBOARD_CSP } from '../../../../src/http/dashboard/html.js';
import type { TestCore } from '../../../helpers/core.js';
import { askForLink, createDashboardWorld, signIn } from '../../../helpers/dashboard.js';
import { rows } from '../../../helpers/meetings.js';

let t: TestCore;
let units: Map<string, string>;
const id = (name: string) => units.get(name)!;
const get = (path: string, cookie?: string, init: RequestInit = {}) =>
  t.app.request(path, { ...init, headers: { ...(cookie ? { cookie } : {}), ...(init.headers ?? {}) } });
const post = (token: unknown, headers: Record<string, string> = {}, url = '/dashboard/login') =>
  t.app.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ token }),
  });

beforeAll(async () => {
  t = await createDashboardWorld();
  units = new Map((await rows(t, 'SELECT id, name FROM units')).map((r) => [String(r.name), String(r.id)]));
}, 120_000);
afterAll(async () => t?.close());

describe('看板: the sign-in link', () => {
  it('goes to officers in a direct chat only, as a reply never stored for replay', async () => {
    expect(await t.say({ from: 'sec', chat: 'g1', text: '看板' })).toMatch(/私聊/);
    expect(await t.say({ from: 'mem', text: '看板' })).toMatch(/书记|委员|管理员/);
    expect(await rows(t, 'SELECT * FROM dashboard_links')).toEqual([]);

    const first = await t.send({ from: 'com', chatType: 'direct', text: '看板', messageId: 'dash-1' });
    const text = first.replies[0]!.text;
    const secret = /#t=([A-Za-z0-9_-]{43})/.exec(text)![1]!;
    expect(first.replies[0]!.sensitive).toBe('grant');
    expect(text).toContain('10 分钟');
    expect(text).toContain('第一支部');
    // The same message again gets the placeholder: the link is in no stored answer.
    const again = await t.send({ from: 'com', chatType: 'direct', text: '看板', messageId: 'dash-1' });
    expect(again.replies.map((r) => r.text)).toEqual([NOT_STORED.grant]);
    // Nowhere in the database (only its hash), nor in anything logged.
    const tables = await rows(t, "SELECT name FROM sqlite_master WHERE type = 'table'");
    for (const { name } of tables) {
      const dump = JSON.stringify(await rows(t, `SELECT * FROM "${String(name)}"`));
      expect(dump, String(name)).not.toContain(secret);
    }
    expect(JSON.stringify(t.log.lines)).not.toContain(secret);
    const audit = await rows(t, "SELECT actor, detail FROM audit_log WHERE action = 'dashboard.link'");
    expect(audit.map((r) => r.actor)).toContain('playground:com');
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('opens a session once: HttpOnly, SameSite=Strict, Secure (and __Host-) outside loopback', async () => {
    const { secret } = await askForLink(t, 'com');
    const res = await post(secret);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, next: '/dashboard/' });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^pioneer_dashboard=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Max-Age=28800');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
    expect(JSON.stringify(t.log.lines)).not.toContain(cookie.split(';')[0]!.split('=')[1]);

    const used = await post(secret);
    expect(used.status).toBe(410);
    expect(await used.json()).toEqual({ error: 'link_used' });
    expect(used.headers.get('set-cookie')).toBeNull();

    const remote = await askForLink(t, 'com');
    const far = await post(remote.secret, {}, 'https://pioneer.example.org/dashboard/login');
    expect(far.status).toBe(200);
    expect(far.headers.get('set-cookie')).toMatch(/^__Host-pioneer_dashboard=.*; Secure/);
  });

  it('refuses a link after 10 minutes, an unknown one, a malformed body and another site', async () => {
    const onTime = await askForLink(t, 'sec');
    const late = await askForLink(t, 'sec');
    t.clock.advance(10 * 60_000 - 1);
    expect((await post(onTime.secret)).status).toBe(200);
    t.clock.advance(1);
    const expired = await post(late.secret);
    expect(expired.status).toBe(410);
    expect(await expired.json()).toEqual({ error: 'link_expired' });
    expect((await post('A'.repeat(43))).status).toBe(403);
    expect((await post(12)).status).toBe(400);
    expect((await t.app.request('/dashboard/login', { method: 'POST', body: 'not json' })).status).toBe(400);
    const fresh = await askForLink(t, 'sec');
    expect((await post(fresh.secret, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post(fresh.secret, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(fresh.secret, { origin: 'null' })).status).toBe(403);
    // Refused before spending it: it still works from the sign-in page.
    expect((await post(fresh.secret, { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('signs the same link in once when two sign-ins race', async () => {
    const { secret } = await askForLink(t, 'sec');
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(secret)));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 410, 410, 410, 410, 410, 410, 410]);
  });
});

describe('看板: pages, data and downloads', () => {
  it('answers 401 without a session, and after 8 hours', async () => {
    const page = await get(`/dashboard/unit/${id('第一支部')}`);
    expect(page.status).toBe(401);
    expect(await page.text()).toContain('看板');
    const api = await get(`/dashboard/api/unit/${id('第一支部')}`, 'pioneer_dashboard=nonsense');
    expect(api.status).toBe(401);
    expect(await api.json()).toEqual({ error: 'signed_out' });
    const cookie = await signIn(t, (await askForLink(t, 'com')).secret);
    expect((await get(`/dashboard/api/unit/${id('第一支部')}`, cookie)).status).toBe(200);
    t.clock.advance(8 * 3_600_000);
    expect((await get(`/dashboard/api/unit/${id('第一支部')}`, cookie)).status).toBe(401);
  });

  it('shows a 委员 their branch only, with strict headers and nothing inline', async () => {
    const cookie = await signIn(t, (await askForLink(t, 'com')).secret);
    const home = await get('/dashboard/', cookie);
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe(`/dashboard/unit/${id('第一支部')}`);
    const page = await get(`/dashboard/unit/${id('第一支部')}`, cookie);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).not.toContain('unsafe');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).not.toMatch(/<script>|<script(?![^>]*\ssrc=)[^>]*>|<style|style=|\son[a-z]+=/i);
    const refs = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
    expect(refs.sort()).toEqual([
      '/dashboard/assets/branch.js',
      '/dashboard/assets/charts.js',
      '/dashboard/assets/dashboard.css',
      '/dashboard/assets/uPlot.iife.min.js',
      '/dashboard/assets/uPlot.min.css',
    ]);
    for (const ref of refs) {
      const file = await get(ref);
      expect(file.status, ref).toBe(200);
      expect(file.headers.get('content-type'), ref).toMatch(ref.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      expect(await file.text(), ref).not.toMatch(/https?:\/\/(?!github\.com)/);
    }
    expect((await get('/dashboard/assets/../../package.json')).status).toBe(404);
    expect((await get('/dashboard/assets/constructor')).status).toBe(404);

    for (const path of [
      `/dashboard/unit/${id('第二支部')}`,
      `/dashboard/api/unit/${id('第二支部')}`,
      `/dashboard/unit/${id('第二支部')}/xlsx/attendance.xlsx`,
      `/dashboard/unit/${id('泰山区某社区党委')}`,
    ]) {
      expect((await get(path, cookie)).status, path).toBe(403);
    }
    expect((await get('/dashboard/unit/no-such-unit', cookie)).status).toBe(404);
  });

  it('serves the branch figures the record book holds, and audits every view', async () => {
    const cookie = await signIn(t, (await askForLink(t, 'com')).secret);
    const before = (await rows(t, "SELECT count(*) AS n FROM audit_log WHERE action = 'dashboard.view'"))[0]!.n;
    const res = await get(`/dashboard/api/unit/${id('第一支部')}`, cookie);
    const { figures, charts } = (await res.json()) as { figures: Record<string, any>; charts: any[] };
    expect(figures.attendance.meetings.map((m: any) => [m.id, m.expected, m.present, m.leave])).toEqual([
      [1, 2, 2, 0],
      [2, 5, 3, 1],
      [4, 5, 4, 0],
    ]);
    expect(figures.attendance.rate).toBeCloseTo(9 / 12);
    // #4's absence has a recorded reason (外出务工): not 无故, so no streak of 无故缺席 runs to now.
    expect(figures.attendance.oftenAbsent).toMatchObject([{ name: '李四', absent: 2, streak: 0 }]);
    expect(figures.attendance.oftenAbsent[0].reasons.map((r: any) => r.reason)).toEqual(['外出务工']);
    expect(figures.notices.notices).toMatchObject([{ id: 1, expected: 4, confirmed: 2, rate: 0.5 }]);
    expect(figures.notices.slowest.slice(0, 2).map((p: any) => p.unconfirmed)).toEqual([1, 1]);
    expect(figures.hours.find((m: any) => m.key === '2026-11')).toEqual({ key: '2026-11', hours: 2, visits: 1 });
    expect(figures.needs.in_service).toBe(1);
    expect(figures.dues).toBeNull();
    expect(figures.quarter.owed).toBe(5);
    expect(charts.map((c) => [c.key, c.series.length])).toEqual([
      ['quarter', 2],
      ['attendance', 2],
      ['notices', 1],
      ['hours', 1],
    ]);
    await get(`/dashboard/unit/${id('第一支部')}`, cookie);
    const views = await rows(t, "SELECT actor, unit_id, detail FROM audit_log WHERE action = 'dashboard.view'");
    expect(views.length - Number(before)).toBe(2);
    expect(views.slice(-2).map((v) => [v.actor, v.unit_id])).toEqual([
      ['playground:com', id('第一支部')],
      ['playground:com', id('第一支部')],
    ]);
  });

  it('downloads every table as XLSX with the page’s headings', async () => {
    const cookie = await signIn(t, (await askForLink(t, 'admin')).secret);
    const tables = ['quarter', 'attendance', 'absent', 'notices', 'confirmers', 'hours', 'needs'];
    for (const key of tables) {
      const res = await get(`/dashboard/unit/${id('第一支部')}/xlsx/${key}.xlsx`, cookie);
      expect(res.status, key).toBe(200);
      expect(res.headers.get('content-disposition'), key).toMatch(/^attachment; /);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      const ws = wb.worksheets[0]!;
      expect(ws.rowCount, key).toBeGreaterThan(1);
      if (key === 'absent') expect(ws.getRow(2).getCell(1).value).toBe('李四');
      if (key === 'attendance') expect(ws.getRow(1).getCell(9).value).toBe('出席率(%)');
    }
    expect((await get(`/dashboard/unit/${id('第一支部')}/xlsx/secrets.xlsx`, cookie)).status).toBe(404);
    const branches = await get(`/dashboard/unit/${id('泰山区某社区党委')}/xlsx/branches.xlsx`, cookie);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await branches.arrayBuffer());
    const names = wb.worksheets[0]!.getColumn(1).values.slice(2);
    expect([...names].sort()).toEqual(['第一支部', '第二支部']);
    // Written files are kept by their content: once a figure changes, the next download has it.
    const needsOf = async () => {
      const res = await get(`/dashboard/unit/${id('泰山区某社区党委')}/xlsx/branches.xlsx`, cookie);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await res.arrayBuffer());
      const ws = book.worksheets[0]!;
      const col = (ws.getRow(1).values as unknown[]).indexOf('待派单需求');
      const row = ws.getColumn(1).values.indexOf('第一支部');
      return ws.getRow(row).getCell(col).value;
    };
    expect(await needsOf()).not.toBe(42);
    await t.store.client.execute({
      sql: "UPDATE dashboard_rows SET figures = json_set(figures, '$.openNeeds', 42) WHERE unit_id = ?",
      args: [id('第一支部')],
    });
    expect(await needsOf()).toBe(42);
  });

  it('lists an administrator’s top units when there are several', async () => {
    await t.say({ from: 'admin', text: '建组织 某街道党委' });
    t.core.deps.cache.invalidate();
    const cookie = await signIn(t, (await askForLink(t, 'admin')).secret);
    const home = await get('/dashboard/', cookie);
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('某街道党委');
    expect(html).toContain(`/dashboard/unit/${id('泰山区某社区党委')}`);
  });

  it('ends the session on signing out, and when its officer is demoted', async () => {
    const out = await signIn(t, (await askForLink(t, 'com')).secret);
    const bye = await t.app.request('/dashboard/logout', { method: 'POST', headers: { cookie: out } });
    expect(bye.status).toBe(200);
    expect(bye.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await get(`/dashboard/api/unit/${id('第一支部')}`, out)).status).toBe(401);

    const cookie = await signIn(t, (await askForLink(t, 'com')).secret);
    expect((await get(`/dashboard/api/unit/${id('第一支部')}`, cookie)).status).toBe(200);
    const com = [{ id: 'com', name: '周委员' }];
    expect(await t.say({ from: 'sec', chat: 'g1', text: '任命 @周委员 党员', mentions: com })).toContain('周委员');
    const ended = await get(`/dashboard/api/unit/${id('第一支部')}`, cookie);
    expect(ended.status).toBe(401);
    expect(await ended.json()).toEqual({ error: 'session_ended' });
    const sessions = await rows(t, "SELECT end_reason FROM dashboard_sessions WHERE identity = 'playground:com'");
    expect(sessions.map((s) => s.end_reason)).toEqual(expect.arrayContaining(['signed_out', 'not_officer']));
    // A 党员 gets no new link either.
    expect(await t.say({ from: 'com', text: '看板' })).not.toContain('/dashboard/login');
    await t.say({ from: 'sec', chat: 'g1', text: '任命 @周委员 委员', mentions: com });
    expect((await get(`/dashboard/api/unit/${id('第一支部')}`, cookie)).status).toBe(401);
  });
});
