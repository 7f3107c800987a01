import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { HOUSEHOLD, needWithHousehold, setupPairing, TEST_DATA_KEY } from '../../helpers/pairing.js';

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
  await setupPairing(t);
});
afterEach(async () => {
  await t.close();
});

const LI = [{ id: 'v1', name: '李四' }];

async function rows(sql: string) {
  return (await t.store.client.execute(sql)).rows;
}

async function status(id: number): Promise<string> {
  return String((await rows(`SELECT status FROM needs WHERE id = ${id}`))[0]!.status);
}

describe('volunteer pairing lifecycle through chat', () => {
  it('need → intake → match → assign → accept → service → rate → close', async () => {
    expect(await t.say({ from: 'v1', chat: 'g1', text: '志愿者 护理,买菜 阳光小区 周末' })).toContain(
      '已登记志愿者 李四：专长 护理、买菜（适合：助老、助残、医疗），片区 阳光小区，空闲 周末全天',
    );
    await t.say({ from: 'v2', text: '志愿者 律师 幸福小区 工作日晚上' });
    const id = await needWithHousehold(t);
    expect(id).toBe(1);

    const match = await t.say({ from: 'sec', chat: 'g1', text: '结对 1' });
    expect(match).toContain(
      '1. 李四（第一支部）— 同片区（阳光小区）；专长对口（护理、买菜）；在办结对 0 个；需要时有空（周六上午）',
    );
    expect(match).toContain('2. 赵六（第一支部）— 不同片区（幸福小区）；专长不对口助老（律师）');

    expect(await t.say({ from: 'sec', chat: 'g1', text: '派单 1 @李四', mentions: LI })).toBe(
      '已把需求 #1 助老 · 阳光小区 · 紧急 派给 李四，已私聊通知对方。',
    );
    const assignDm = await rows(`SELECT chat_id, direct, text FROM outbox WHERE kind = 'pairing.assign'`);
    expect(assignDm).toHaveLength(1);
    expect(assignDm[0]!.chat_id).toBe('v1');
    expect(assignDm[0]!.direct).toBe(1);
    expect(assignDm[0]!.text).toContain('请私聊发送「接单 1」确认');

    const accepted = await t.send({ from: 'v1', chat: 'g1', text: '接单 1' });
    expect(accepted.replies[0]).toMatchObject({ chatId: 'g1', text: expect.stringContaining('李四 已接单需求 #1') });
    // The household card goes to the volunteer privately, marked as personal data.
    expect(accepted.replies[1]).toMatchObject({ chatId: 'v1', direct: true, sensitive: 'household' });
    expect(accepted.replies[1]!.text).toContain(`电话：${HOUSEHOLD.phone}`);
    expect(accepted.replies[0]!.text).not.toContain(HOUSEHOLD.name);
    expect(await rows(`SELECT chat_id FROM outbox WHERE kind = 'pairing.accepted'`)).toEqual([
      expect.objectContaining({ chat_id: 'sec' }),
    ]);

    expect(await t.say({ from: 'v1', text: '服务 1 1.5小时 陪同买菜' })).toBe(
      '已记录需求 #1 的服务：1.5 小时，陪同买菜。本结对累计 1 次、1.5 小时。',
    );
    t.clock.advance(7 * 86_400_000);
    expect(await t.say({ from: 'v1', text: '服务 #1 90分钟 打扫卫生' })).toContain('本结对累计 2 次、3 小时');
    expect(await status(1)).toBe('in_service');
    expect(await t.say({ from: 'sec', chat: 'g1', text: '评价 1 5 很满意' })).toContain('5 分，很满意');
    expect(await t.say({ from: 'sec', chat: 'g1', text: '结案 1' })).toBe(
      '需求 #1 助老 · 阳光小区 · 紧急 已结案。住户的姓名、电话、住址已删除。',
    );
    expect(await status(1)).toBe('closed');

    const history = await rows(
      'SELECT seq, event, from_status, to_status FROM need_events WHERE need_id = 1 ORDER BY seq',
    );
    expect(history.map((r) => `${r.event}:${r.from_status}>${r.to_status}`)).toEqual([
      'assign:open>assigned',
      'accept:assigned>accepted',
      'log:accepted>in_service',
      'log:in_service>in_service',
      'rate:in_service>rated',
      'close:rated>closed',
    ]);
    expect(await t.say({ from: 'v1', text: '我的' })).toContain(
      '志愿服务：在办结对 0 个，累计服务 3 小时（专长：护理、买菜）',
    );
    const list = await t.say({ from: 'sec', chat: 'g1', text: '需求列表 全部' });
    expect(list).toContain('#1 助老 · 阳光小区 · 紧急 · 已结案 · 志愿者 李四 · 住户信息已删除（12月8日，结案后）');
  });

  it('志愿者 with the area written before the skills is understood, and ranks by the skill', async () => {
    expect(await t.say({ from: 'v1', text: '志愿者 阳光小区 护理' })).toContain(
      '已登记志愿者 李四：专长 护理（适合：助老、助残、医疗），片区 阳光小区',
    );
    expect(await t.say({ from: 'v2', text: '志愿者 阳光小区 周末 唱歌' })).toContain(
      '已登记志愿者 赵六：专长 唱歌（没有对上的需求类型），片区 阳光小区，空闲 周末全天',
    );
    await needWithHousehold(t);
    const match = await t.say({ from: 'sec', chat: 'g1', text: '结对 1' });
    expect(match).toContain('1. 李四（第一支部）— 同片区（阳光小区）；专长对口（护理）');
    expect(match).toContain('2. 赵六（第一支部）— 同片区（阳光小区）；专长不对口助老（唱歌）');
  });

  it('refuses invalid transitions naming the current state, and the wrong person', async () => {
    await t.say({ from: 'v1', text: '志愿者 护理' });
    await t.say({ from: 'v2', text: '志愿者 护理' });
    await needWithHousehold(t);
    expect(await t.say({ from: 'v1', text: '接单 1' })).toBe('需求 #1 不是派给你的，也不在你管理的组织内。');
    expect(await t.say({ from: 'sec', chat: 'g1', text: '评价 1 5' })).toBe(
      '需求 #1：当前状态是「待派单」，不能评价。现在可以「派单」。',
    );
    expect(await t.say({ from: 'sec', chat: 'g1', text: '结案 1' })).toContain('当前状态是「待派单」，不能结案');
    await t.say({ from: 'sec', chat: 'g1', text: '派单 1 @李四', mentions: LI });
    expect(await t.say({ from: 'sec', chat: 'g1', text: '派单 1 @赵六' })).toContain(
      '当前状态是「已派单待接单」，不能派单',
    );
    expect(await t.say({ from: 'sec', chat: 'g1', text: '结对 1' })).toContain('当前状态是「已派单待接单」');
    expect(await t.say({ from: 'v2', text: '接单 1' })).toBe('需求 #1 不是派给你的，也不在你管理的组织内。');
    expect(await t.say({ from: 'sec', text: '接单 1' })).toBe('需求 #1：「接单」只能由接单的志愿者操作。');
    expect(await t.say({ from: 'v1', text: '服务 1 1小时 陪同' })).toBe(
      '需求 #1：当前状态是「已派单待接单」，不能服务。现在可以「接单」、「解除」。',
    );
    expect(await t.say({ from: 'v1', chat: 'g1', text: '派单 1 @李四', mentions: LI })).toContain(
      '仅限管理员、书记、委员使用',
    );
    expect(await t.say({ from: 'sec2', chat: 'g2', text: '解除 1' })).toBe(
      '需求 #1 不是派给你的，也不在你管理的组织内。',
    );
    expect(await t.say({ from: 'sec', text: '评价 1 6' })).toContain('评分「6」不对：应为 1-5 分');
    expect(await t.say({ from: 'sec', text: '结对 99' })).toContain('找不到需求 #99');
    expect(await status(1)).toBe('assigned');
  });

  it('release returns the need to open, tells the other side, and ends the volunteer’s access', async () => {
    await t.say({ from: 'v1', text: '志愿者 护理' });
    await needWithHousehold(t);
    await t.say({ from: 'sec', chat: 'g1', text: '派单 1 @李四', mentions: LI });
    await t.say({ from: 'v1', text: '接单 1' });
    expect(await t.say({ from: 'v1', text: '住户 1' })).toContain(`姓名：${HOUSEHOLD.name}`);
    expect(await t.say({ from: 'v1', text: '解除 1 时间冲突' })).toBe(
      '已解除需求 #1 助老 · 阳光小区 · 紧急 的结对，需求回到「待派单」。',
    );
    expect(await status(1)).toBe('open');
    const told = await rows(`SELECT chat_id, text FROM outbox WHERE kind = 'pairing.release'`);
    expect(told).toEqual([expect.objectContaining({ chat_id: 'sec', text: expect.stringContaining('时间冲突') })]);
    expect(await t.say({ from: 'v1', text: '住户 1' })).toContain('你无权查看需求 #1 的住户信息');
    // Assigned again, the need starts a new pairing.
    expect(await t.say({ from: 'sec', chat: 'g1', text: '派单 1 @李四', mentions: LI })).toContain('已把需求 #1');
    expect(await t.say({ from: 'v1', text: '住户 1' })).toBe('请先发送「接单 1」，接单后可以查看住户信息。');
  });

  it('racing transitions: one 派单 wins, the other is re-run and told the new state; numbers stay unique', async () => {
    await t.say({ from: 'v1', text: '志愿者 护理' });
    await t.say({ from: 'v2', text: '志愿者 护理' });
    const created = await Promise.all(
      [1, 2, 3].map((i) => t.say({ from: 'sec', chat: 'g1', text: `求助 助老 需要送餐${i}` })),
    );
    const ids = created.map((r) => Number(/已登记需求 #(\d+)/.exec(r)![1])).sort();
    expect(ids).toEqual([1, 2, 3]);
    const answers = await Promise.all([
      t.say({ from: 'sec', chat: 'g1', text: '派单 1 @李四', mentions: LI }),
      t.say({ from: 'admin', chat: 'g1', text: '派单 1 @赵六', mentions: [{ id: 'v2', name: '赵六' }] }),
    ]);
    expect(answers.filter((a) => a.startsWith('已把需求 #1'))).toHaveLength(1);
    expect(answers.filter((a) => a.includes('当前状态是「已派单待接单」，不能派单'))).toHaveLength(1);
    expect(await rows(`SELECT count(*) AS n FROM outbox WHERE kind = 'pairing.assign'`)).toEqual([
      expect.objectContaining({ n: 1 }),
    ]);
    expect(await rows('SELECT count(*) AS n FROM need_events WHERE need_id = 1')).toEqual([
      expect.objectContaining({ n: 1 }),
    ]);
    // The race really happened: the loser's batch hit the need_events key and was re-run.
    expect(t.log.lines.filter((l) => l.msg === 'write conflict, retrying').length).toBeGreaterThan(0);
  });

  it('refuses personal data in descriptions, notes and areas, saying why', async () => {
    expect(await t.say({ from: 'sec', chat: 'g1', text: '求助 助老 联系13812345678 阳光小区' })).toContain(
      '描述里像是电话号码',
    );
    expect(await t.say({ from: 'sec', chat: 'g1', text: '求助 助老 身份证370902195001011234' })).toContain(
      '像是身份证号',
    );
    expect(await t.say({ from: 'sec', chat: 'g1', text: '求助 助老 送餐 阳光小区7号楼2单元502' })).toContain('门牌号');
    expect(await t.say({ from: 'sec', chat: 'g1', text: '求助 养老 送餐' })).toContain(
      '应为 助老、助残、助学、就业、医疗、法律、心理、其他 之一',
    );
    expect(Number((await rows('SELECT count(*) AS n FROM needs'))[0]!.n)).toBe(0);

    await t.say({ from: 'v1', text: '志愿者 护理' });
    await needWithHousehold(t);
    await t.say({ from: 'sec', chat: 'g1', text: '派单 1 @李四', mentions: LI });
    await t.say({ from: 'v1', text: '接单 1' });
    // The household's own name in a service note is caught too (it is known once decrypted).
    expect(await t.say({ from: 'v1', text: `服务 1 1小时 陪${HOUSEHOLD.name}去医院` })).toContain('写了住户的姓名');
    expect(await t.say({ from: 'v1', text: '服务 1 1小时 电话13900001111联系' })).toContain('像是电话号码');
    expect(Number((await rows('SELECT count(*) AS n FROM service_logs'))[0]!.n)).toBe(0);
  });
});

describe('reports', () => {
  beforeEach(async () => {
    await t.say({ from: 'v1', text: '志愿者 护理 阳光小区' });
    await needWithHousehold(t);
    await t.say({ from: 'sec', chat: 'g1', text: '求助 就业 需要简历指导' });
    await t.say({ from: 'sec', text: '取消' });
    await t.say({ from: 'sec', chat: 'g1', text: '派单 1 @李四', mentions: LI });
    await t.say({ from: 'v1', text: '接单 1' });
    await t.say({ from: 'v1', text: '服务 1 2小时 "陪同就医, 取药"' });
    await t.say({ from: 'sec', text: '评价 1 四星' });
  });

  it('需求列表 filters by state; 结对统计 sums up', async () => {
    const open = await t.say({ from: 'sec', chat: 'g1', text: '需求列表 待派单' });
    expect(open).toContain('#2 就业 · 待派单 · 等待 0 天 · 住户信息待登记');
    expect(open).not.toContain('#1');
    expect(await t.say({ from: 'sec', chat: 'g1', text: '需求列表 已结案' })).toBe('「第一支部」没有已结案的需求。');
    expect(await t.say({ from: 'sec', chat: 'g1', text: '需求列表 乱写' })).toContain('应为 待派单');
    const stats = await t.say({ from: 'sec', chat: 'g1', text: '结对统计' });
    expect(stats).toContain('帮扶中住户：1 户');
    expect(stats).toContain('待派单：1 个');
    expect(stats).toContain('累计服务：1 次，2 小时');
    expect(stats).toContain('平均评价：4.0 分');
    expect(await t.say({ from: 'sec2', chat: 'g2', text: '结对统计' })).toContain('帮扶中住户：0 户');
    expect(await t.say({ from: 'sec2', chat: 'g1', text: '需求列表' })).toBe('你无权查看「第一支部」的结对需求。');
    expect(await t.say({ from: 'admin', text: '结对统计' })).toContain('「全部组织」结对帮扶统计\n帮扶中住户：1 户');
  });

  it('服务导出 gives officers links to CSV and XLSX privately, audited; others are refused', async () => {
    const r = await t.send({ from: 'sec', chat: 'g1', text: '服务导出' });
    expect(r.replies[0]).toMatchObject({ chatId: 'g1', text: '服务记录导出链接已私聊发给 王书记。' });
    const dm = r.replies[1]!;
    expect(dm).toMatchObject({ chatId: 'sec', direct: true, sensitive: 'export-link' });
    expect(dm.text).toContain('仅限书记、委员');
    const csvUrl = /CSV：(\S+)/.exec(dm.text)![1]!;
    const xlsxUrl = /XLSX：(\S+)/.exec(dm.text)![1]!;
    const csvRes = await t.app.request(new URL(csvUrl).pathname);
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get('content-disposition')).toContain(encodeURIComponent('志愿服务记录'));
    const csv = (await csvRes.text()).replace(/^\uFEFF/, '');
    expect(csv.split('\r\n')).toEqual([
      '序号,志愿者,所属组织,服务时间,服务地点（片区）,服务类型,服务内容,服务时长（小时）,需求编号,住户评价',
      '1,李四,第一支部,2026-12-01 10:00,阳光小区,助老,"陪同就医, 取药",2,1,4分',
      '',
    ]);
    for (const v of Object.values(HOUSEHOLD)) expect(csv).not.toContain(v);
    const xlsx = await t.app.request(new URL(xlsxUrl).pathname);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    expect(wb.worksheets[0]!.getRow(2).getCell(2).value).toBe('李四');
    // The link is a credential: a record book (.docx) is not offered for service records.
    expect((await t.app.request(new URL(csvUrl.replace(/\.csv$/, '.docx')).pathname)).status).toBe(404);
    const audit = await rows(`SELECT actor, detail FROM audit_log WHERE action = 'pairing.export'`);
    expect(audit).toEqual([
      expect.objectContaining({ actor: 'playground:sec', detail: '{"rows":1,"truncated":false}' }),
    ]);
    expect(await rows(`SELECT count(*) AS n FROM audit_log WHERE action = 'export.download'`)).toEqual([
      expect.objectContaining({ n: 2 }),
    ]);
    expect(await t.say({ from: 'v1', text: '服务导出' })).toContain('仅限管理员、书记、委员使用');
    expect(await t.say({ from: 'sec', text: '服务导出 上季度' })).toContain('没有服务记录');
    // Natural periods: the month by name, last month, a year and month.
    for (const period of ['12月', '本月', '2026年12月', '今年'])
      expect(await t.say({ from: 'sec', text: `服务导出 ${period}` })).toContain('共 1 条');
    for (const period of ['上个月', '2026年11月', '11月'])
      expect(await t.say({ from: 'sec', text: `服务导出 ${period}` })).toContain('2026年11月没有服务记录');
    expect(await t.say({ from: 'sec', text: '服务导出 乱写' })).toContain('可以写：本季度');
  });

  it('评价 takes stars as people write them', async () => {
    // beforeEach rated need 1 with 「评价 1 四星」: the export shows 4分 (above); a new need takes ★★★★★.
    expect(await t.say({ from: 'sec', text: '评价 1 5' })).toContain('当前状态是「已评价」');
    expect(await t.say({ from: 'sec', text: '评价 2 六星' })).toContain('应为 1-5 分，例如 5、五星、★★★★★');
  });
});
