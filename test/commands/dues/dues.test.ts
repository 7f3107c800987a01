import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type SendInput, type TestCore } from '../../helpers/core.js';
import { at as wallAt, rows } from '../../helpers/meetings.js';
import { TEST_DATA_KEY } from '../../helpers/pairing.js';
import { schedulerOf, tickAt } from '../../helpers/reminders.js';
import { at, docxText, linkPath, setupDues } from '../../helpers/dues.js';

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
  await setupDues(t);
});
afterEach(async () => {
  await t.close();
});

const say = (input: SendInput) => t.say(input);
const outbox = (kind: string) =>
  rows(t, 'SELECT chat_id, direct, ref, text FROM outbox WHERE kind = ? ORDER BY id', [kind]);

describe('党费 through the real app', () => {
  it('bases, reminders on the chosen day, payments, lists, the 3-month flag and the 公示', async () => {
    // Bases, by the 组织委员 in a direct chat. 李四 is a 预备党员 accepted by the 支部大会 on 11月15日.
    expect(await say(at('com', '党费基数 @张三 6234.56', 'u1'))).toContain('每月 93.52 元，从 2026年12月起');
    expect(await say(at('com', '党费基数 @赵大爷 4321.09 退休', 'u3'))).toContain('比例 0.5%，每月 21.61 元');
    expect(await say(at('com', '党费基数 @李四 2876.54 从11月15日', 'u2'))).toContain('每月 14.38 元，从 2026年11月起');
    expect(await say(at('com', '党费基数 @王五 学生 从2026年10月', 'u4'))).toContain('每月 0.20 元，从 2026年10月起');
    expect(await say(at('com', '党费基数 @钱积极 3000', 'a1'))).toBe('钱积极 不是党员，不交纳党费。');
    // In a group the command is refused without repeating anything.
    const inGroup = await say(at('com', '党费基数 @张三 6234.56', 'u1', 'g1'));
    expect(inGroup).toBe('「党费基数」请私聊我使用。');

    expect(await say({ from: 'sec', chat: 'g1', text: '党费设置 提醒日 8' })).toContain('每月 8 号 09:00');

    // No reminder before the chosen day's 09:00; at it, each member who owes gets the amount by direct message.
    await tickAt(t, '2026-12-05 09:00');
    await tickAt(t, '2026-12-08 08:59');
    expect(await outbox('dues.remind')).toEqual([]);
    const r = await tickAt(t, '2026-12-08 09:00');
    expect(r.dues).toEqual({ units: 1, messages: 4 });
    const reminders = await outbox('dues.remind');
    const to = new Map(reminders.map((m) => [m.chat_id, m]));
    expect([...to.keys()].sort()).toEqual(['u1', 'u2', 'u3', 'u4']);
    expect(reminders.every((m) => m.direct === 1)).toBe(true);
    expect(to.get('u1')!.text).toContain('2026年12月党费 93.52 元');
    expect(to.get('u2')!.text).toContain('你还有 2026年11月 未交清，共 14.38 元');
    expect(to.get('u4')!.text).toContain('你还有 2026年10月—11月 未交清，共 0.40 元');
    // Once: later ticks, and another scheduler (a restarted process), send nothing more this month.
    expect((await tickAt(t, '2026-12-08 09:10')).dues).toEqual({ units: 0, messages: 0 });
    expect((await tickAt(t, '2026-12-10 12:00', schedulerOf(t, { owner: 'other' }))).dues).toEqual({
      units: 0,
      messages: 0,
    });
    expect(await outbox('dues.remind')).toHaveLength(4);

    // Payments: one month in a group (no amount there), a 补交 span, a 代交.
    wallAt(t, '2026-12-09 10:00');
    const paid = await t.send(at('com', '交党费 @张三 12月 93.52', 'u1', 'g1'));
    expect(paid.replies.map((x) => [x.direct ?? false, x.text])).toEqual([
      [false, '已记录 张三 2026年12月 党费。'],
      [true, '张三 2026年12月 党费 93.52 元已记录，编号 #1。'],
    ]);
    expect(await say(at('com', '交党费 @李四 11-12月', 'u2'))).toBe(
      '已记录 李四 2026年11月—12月 党费 28.76 元，编号 #2、#3。',
    );
    expect(await say(at('com', '交党费 @赵大爷 本月 代交:赵小明', 'u3'))).toContain('21.61 元（代交：赵小明）');
    expect(await say(at('com', '交党费 @张三 12月', 'u1'))).toContain('张三 2026年12月 的党费已交清');
    expect(await say(at('com', '交党费 @李四 10月', 'u2'))).toBe('李四 从 2026年11月 起交纳党费，2026年10月 不用交。');

    // 党费 for officers: paid, unpaid names, the total; privately, also when asked in the group.
    const list = await t.send({ from: 'sec', chat: 'g1', text: '党费' });
    expect(list.replies[0]).toMatchObject({ chatId: 'g1', text: '党费信息已私信发给你。' });
    const report = list.replies[1]!;
    expect(report).toMatchObject({ chatId: 'sec', direct: true });
    expect(report.text).toContain('第一支部 2026年12月党费：已交 3 人，共收 129.51 元（应收 129.71 元）。');
    expect(report.text).toContain('未交 1 人：王五 0.20');
    expect(report.text).toContain('未登记党费基数：王书记、李委员');
    expect(report.text).toContain('记录编号：张三 #1、李四 #3、赵大爷 #4');

    // A week after the reminder: officers get the unpaid list, the 书记 the 3-month flag.
    await tickAt(t, '2026-12-15 08:59');
    expect(await outbox('dues.unpaid')).toEqual([]);
    await tickAt(t, '2026-12-15 09:00');
    const unpaid = await outbox('dues.unpaid');
    expect(unpaid.map((m) => m.chat_id)).toEqual(['sec', 'com']);
    expect(unpaid[0]!.text).toContain('未交 1 人：王五 0.20');
    const flags = await outbox('dues.behind');
    expect(flags.map((m) => m.chat_id)).toEqual(['sec']);
    expect(flags[0]!.text).toContain('· 王五：3 个月（2026年10月起）。请提醒本人按时交纳。');
    await tickAt(t, '2026-12-20 09:00');
    expect(await outbox('dues.behind')).toHaveLength(1);

    // A mistake is reversed with a reason, never edited; the month is owed again.
    expect(await say({ from: 'com', text: '撤销党费 1 金额应按新基数' })).toContain('已撤销党费记录 #1');
    expect(await say({ from: 'com', text: '撤销党费 1 再撤一次' })).toBe('党费记录 #1 已经撤销过了。');
    expect(await say(at('com', '交党费 @张三 12月', 'u1'))).toBe('已记录 张三 2026年12月 党费 93.52 元，编号 #5。');
    const ledger = await rows(t, 'SELECT id, month, amount_cents FROM dues_payments ORDER BY id');
    expect(ledger.map((p) => [p.id, p.amount_cents])).toEqual([
      [1, 9352],
      [2, 1438],
      [3, 1438],
      [4, 2161],
      [5, 9352],
    ]);
    const audit = await rows(t, "SELECT action, target FROM audit_log WHERE action LIKE 'dues.%' ORDER BY id");
    expect(audit.filter((a) => a.action === 'dues.base.set')).toHaveLength(4);
    expect(audit.filter((a) => a.action === 'dues.payment')).toHaveLength(5);
    expect(audit.filter((a) => a.action === 'dues.payment.reverse').map((a) => a.target)).toEqual(['payment:1']);

    // The member's own view, privately.
    const mine = await t.send({ from: 'u2', chat: 'g1', text: '我的党费' });
    expect(mine.replies[0]!.text).toBe('党费信息已私信发给你。');
    expect(mine.replies[1]).toMatchObject({ chatId: 'u2', direct: true, sensitive: true });
    expect(mine.replies[1]!.text).toContain('基数 2876.54 元');
    expect(mine.replies[1]!.text).toContain('近一年已交：2026年11月—12月。');

    // 导出 党费 本季度: links by direct message; the 公示 .docx lists names and months only.
    wallAt(t, '2026-12-28 10:00');
    const exp = await t.send({ from: 'sec', chat: 'g1', text: '导出 党费 本季度' });
    expect(exp.replies[0]!.text).toBe('导出链接已私信发给你。');
    const links = exp.replies[1]!;
    expect(links).toMatchObject({ chatId: 'sec', direct: true, sensitive: true });
    const res = await t.app.request(linkPath(links.text, 'docx'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('wordprocessingml');
    const notice = await docxText(await res.arrayBuffer());
    expect(notice).toContain('第一支部2026年第4季度党费收缴情况公示');
    for (const name of ['张三', '李四', '赵大爷', '王五']) expect(notice).toContain(name);
    expect(notice).toMatch(/10月\s*11月\s*12月/);
    expect(notice).toContain('本季度应交 7 人次，已交 4 人次；共收缴党费 143.89 元。');
    expect(notice).not.toContain('王书记'); // no base recorded: not on the notice
    for (const amount of ['93.52', '14.38', '21.61', '6234.56', '4321.09', '2876.54'])
      expect(notice).not.toContain(amount);
    const xlsx = await t.app.request(linkPath(links.text, 'xlsx'));
    expect(xlsx.status).toBe(200);
    const downloads = await rows(t, "SELECT count(*) AS n FROM audit_log WHERE action = 'dues.export.download'");
    expect(downloads[0]!.n).toBe(2);
  });
});
