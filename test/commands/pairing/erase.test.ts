import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { HOUSEHOLD, needWithHousehold, setupPairing, TEST_DATA_KEY } from '../../helpers/pairing.js';
import { tickAt } from '../../helpers/reminders.js';

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
  await setupPairing(t);
  await t.say({ from: 'v1', text: '志愿者 护理,买菜 阳光小区' });
  await t.say({ from: 'v2', text: '志愿者 护理 幸福小区' });
});
afterEach(async () => {
  await t.close();
});

const LI = [{ id: 'v1', name: '李四' }];
const ZHAO = [{ id: 'v2', name: '赵六' }];
const B = { name: '周桂兰', phone: '0538-8231234', address: '幸福小区2号楼1单元301' };
const C = { name: '刘建国', phone: '13700001234', address: '向阳路18号院' };
const D = { name: '陈美华', phone: '15012345678', address: '东村3组15号' };
const E = { name: '赵玉梅', phone: '18605381234', address: '阳光小区9号楼1单元101' };
const F = { name: '孙凤英', phone: '13600009999' };

async function rows(sql: string) {
  return (await t.store.client.execute(sql)).rows;
}
const g1 = (text: string, mentions?: { id: string; name: string }[]) =>
  t.say({ from: 'sec', chat: 'g1', text, mentions });

/** The sealed values a need holds now (to look for their bytes once erased). */
async function sealedOf(id: number): Promise<string[]> {
  const [r] = await rows(`SELECT name_enc, phone_enc, address_enc FROM needs WHERE id = ${id}`);
  return Object.values(r!).map(String);
}

/** Which of `needles` occur in the database file or its WAL (UTF-8 bytes). */
function foundInFiles(needles: readonly string[]): string[] {
  const files = [t.dbPath, `${t.dbPath}-wal`].filter(existsSync).map((f) => readFileSync(f));
  return needles.filter((s) => files.some((bytes) => bytes.includes(Buffer.from(s, 'utf8'))));
}

/** A sealed value and its ciphertext alone (the last part), either of which would betray it. */
const partsOf = (sealed: string) => [sealed, sealed.slice(sealed.lastIndexOf('.') + 1)];

describe('erasing a household’s data', () => {
  it('at 结案, by 删除住户, by 撤回同意 and after a release left unassigned: no bytes left after a checkpoint', async () => {
    await needWithHousehold(t); // #1, closed below
    await needWithHousehold(t, '求助 助老 每周送餐 幸福小区', B); // #2, 删除住户
    await needWithHousehold(t, '求助 心理 需要谈心', C); // #3, 撤回同意
    await needWithHousehold(t, '求助 助老 陪同就医', D); // #4, released and left
    await needWithHousehold(t, '求助 助残 需要轮椅推送', E); // #5, released and assigned again: kept
    // #6: an intake in progress (answers sealed in the open exchange, not yet on the need).
    await g1('求助 助学 辅导数学');
    for (const a of ['同意', F.name, F.phone]) await t.say({ from: 'sec', text: a });
    const [draft] = await rows('SELECT state FROM conversations');
    const drafted = Object.values((JSON.parse(String(draft!.state)) as { sealed: Record<string, string> }).sealed);
    expect(drafted).toHaveLength(2);
    const erasedSeals = [
      ...(await sealedOf(1)),
      ...(await sealedOf(2)),
      ...(await sealedOf(3)),
      ...(await sealedOf(4)),
    ];
    const keptSeals = await sealedOf(5);

    await g1('派单 1 @李四', LI);
    await t.say({ from: 'v1', text: '接单 1' });
    await t.say({ from: 'v1', text: '服务 1 2小时 陪同买菜' });
    await g1('评价 1 5');
    expect(await g1('结案 1')).toBe('需求 #1 助老 · 阳光小区 · 紧急 已结案。住户的姓名、电话、住址已删除。');

    await g1('派单 2 @李四', LI);
    await t.say({ from: 'v1', text: '接单 2' });
    expect(await t.say({ from: 'v1', chat: 'g1', text: '删除住户 2 住户已搬走' })).toContain(
      '仅限管理员、书记、委员使用',
    );
    expect(await t.say({ from: 'sec2', text: '删除住户 2 住户已搬走' })).toBe('需求 #2 不在你管理的组织内。');
    expect(await g1(`删除住户 2 ${B.name}已搬走`)).toContain('原因里写了住户的姓名');
    expect(await g1('删除住户 2 电话 139 1234 5678 停机')).toContain('原因里像是电话号码');
    expect(await g1('删除住户 2')).toContain('缺少原因');
    expect(await g1('删除住户 2 住户已搬离本社区')).toBe(
      '已删除需求 #2 的住户姓名、电话、住址；需求和服务记录保留，删除已记入审计日志。',
    );
    expect(await g1('删除住户 2 再删一次')).toContain('需求 #2 没有保存住户信息');
    const told = await rows(`SELECT chat_id, text FROM outbox WHERE kind = 'pairing.household.erased'`);
    expect(told).toEqual([expect.objectContaining({ chat_id: 'v1', text: expect.stringContaining('请删除你保存的') })]);
    expect(await t.say({ from: 'v1', text: '住户 2' })).toMatch(
      /^需求 #2：住户的姓名、电话、住址已于 .* 删除（由书记或委员删除），已无法查看。$/,
    );

    expect(await g1('撤回同意 3 住户来电要求删除')).toContain(
      '已记录需求 #3 的住户撤回同意，住户姓名、电话、住址已删除',
    );
    expect(await t.say({ from: 'sec', text: '登记住户 3' })).toContain('未同意提供个人信息');

    expect(await g1('删除住户 6 登记有误')).toContain('已删除需求 #6 正在登记、尚未确认的住户信息');
    expect(await rows('SELECT count(*) AS n FROM conversations')).toEqual([expect.objectContaining({ n: 0 })]);

    await g1('派单 4 @赵六', ZHAO);
    await t.say({ from: 'v2', text: '解除 4 时间冲突' });
    await g1('派单 5 @赵六', ZHAO);
    await t.say({ from: 'v2', text: '解除 5 时间冲突' });
    t.clock.advance(86_400_000);
    await g1('派单 5 @赵六', ZHAO);
    // 29 days after the release nothing goes; after 30 the pairing job erases #4 (and not #5, assigned again).
    expect((await tickAt(t, '2026-12-30 10:00')).pairing).toMatchObject({ erased: 0 });
    expect((await tickAt(t, '2026-12-31 11:00')).pairing).toMatchObject({ erased: 1 });
    expect((await tickAt(t, '2026-12-31 12:00')).pairing).toMatchObject({ erased: 0 });

    const left = await rows('SELECT id, name_enc, phone_enc, address_enc, household_erased_cause AS c FROM needs');
    expect(left.map((r) => [r.id, r.c, !!(r.name_enc || r.phone_enc || r.address_enc)])).toEqual([
      [1, 'closed', false],
      [2, 'officer', false],
      [3, 'withdrawn', false],
      [4, 'released', false],
      [5, null, true],
      [6, null, false],
    ]);

    // The bytes: after a checkpoint neither the database nor its WAL holds an erased value, sealed
    // or plain; the household kept is still there (the scan finds what exists).
    await t.store.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    const plain = [HOUSEHOLD, B, C, D, F].flatMap((h) => Object.values(h));
    expect(foundInFiles([...erasedSeals.flatMap(partsOf), ...drafted.flatMap(partsOf), ...plain])).toEqual([]);
    expect(foundInFiles(keptSeals)).toEqual(keptSeals);

    // What was erased and when is visible; the data is not.
    const list = await g1('需求列表 全部');
    expect(list).toContain('#1 助老 · 阳光小区 · 紧急 · 已结案 · 志愿者 李四 · 住户信息已删除（12月1日，结案后）');
    expect(list).toContain('#2 助老 · 幸福小区 · 已接单 · 志愿者 李四 · 住户信息已删除（12月1日，书记或委员删除）');
    expect(list).toContain('#3 心理 · 待派单 · 等待 30 天 · 住户信息已删除（12月1日，住户撤回同意）');
    expect(list).toContain('#4 助老 · 待派单 · 等待 30 天 · 住户信息已删除（12月31日，解除后到期）');
    expect(list).toContain('#5 助残 · 已派单待接单 · 志愿者 赵六 · 住户信息已登记');
    expect(await g1('需求 1')).toMatch(
      /^需求 #1 助老 · 阳光小区 · 紧急 · 已结案\n每周六上午陪同买菜（时间：周六上午）\n登记于 12月1日\(周二\) 10:00；志愿者：李四\n/,
    );
    expect(await g1('需求 1')).toContain(
      '住户同意：同意（12月1日(周二) 10:00）\n住户的姓名、电话、住址已于 12月1日(周二) 10:00 删除（结案后自动删除）',
    );
    expect(await g1('需求 3')).toContain('住户同意：不同意或已撤回');
    expect(await g1('需求 5')).toContain('住户信息已登记（加密保存，私聊「住户 5」查看；结案后自动删除）');
    expect(await t.say({ from: 'sec2', chat: 'g2', text: '需求 1' })).toBe('需求 #1 不在你管理的组织内。');
    for (const id of [1, 2, 3, 4, 5]) {
      const detail = await g1(`需求 ${id}`);
      for (const v of [...plain, ...Object.values(E)]) expect(detail).not.toContain(v);
    }

    const audit = await rows(
      `SELECT actor, target, detail FROM audit_log WHERE action = 'pairing.household.erase' ORDER BY id`,
    );
    expect(audit.map((r) => `${r.actor} ${r.target} ${r.detail}`)).toEqual([
      'playground:sec need:1 {"cause":"closed"}',
      'playground:sec need:2 {"cause":"officer","reason":"住户已搬离本社区"}',
      'playground:sec need:3 {"cause":"withdrawn","reason":"住户来电要求删除"}',
      'playground:sec need:6 {"cause":"officer","reason":"登记有误"}',
      'scheduler need:4 {"cause":"released","keptDays":30}',
    ]);
  });
});
