import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SENSITIVE_PLACEHOLDER } from '../../../src/command/dispatch.js';
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

async function rows(sql: string) {
  return (await t.store.client.execute(sql)).rows;
}
const stored = async (id = 1) =>
  (await rows(`SELECT consent, name_enc, phone_enc, address_enc FROM needs WHERE id = ${id}`))[0]!;

/** An answer in the direct chat, with its replies (to check what is marked sensitive). */
const answer = async (text: string, messageId?: string) => (await t.send({ from: 'sec', text, messageId })).replies;

describe('private intake of the household’s data', () => {
  it('says what each step recorded, questions answers to other questions, and stores nothing before 确认', async () => {
    const r = await t.send({ from: 'sec', chat: 'g1', text: '求助 助残 需要轮椅推送 阳光小区' });
    expect(r.replies[0]!.text).toContain('住户的姓名、电话、住址请在私聊中登记，不要发在群里');
    expect(r.replies[1]).toMatchObject({ chatId: 'sec', direct: true, text: expect.stringContaining('第1步') });
    // Plain group messages are not answers (and get no reply at all).
    expect((await t.send({ from: 'sec', chat: 'g1', text: '同意' })).replies).toEqual([]);

    // The case: 「是的」 is consent, and says so; the 「同意」 after it is not taken as the name.
    const consent = await answer('是的');
    expect(consent[0]!.text).toMatch(/^已记录：住户同意提供姓名、电话、住址（需求 #1）。\n.*第2步/);
    expect(consent[0]!.sensitive).toBeUndefined();
    for (const word of ['同意', '好的', '对', '不知道', '确认'])
      expect((await answer(word))[0]!.text).toContain('这像是对别的问题的回答，不是住户的姓名');
    expect((await answer('Zhang 3'))[0]!.text).toContain('姓名里有数字');
    expect((await answer('阳光小区'))[0]!.text).toContain('像是地址，不像姓名');
    const name = await answer(HOUSEHOLD.name);
    expect(name[0]).toMatchObject({
      sensitive: true,
      text: expect.stringContaining(`已记下姓名：${HOUSEHOLD.name}。`),
    });
    expect(name[0]!.text).toContain('第3步');

    // A command word runs as a command and leaves the exchange open.
    expect((await answer('我的'))[0]!.text).toContain('王书记');
    expect((await answer('同意'))[0]!.text).toContain('不是住户的电话');
    expect((await answer('阳光小区'))[0]!.text).toContain('电话里没有数字');
    const bad = (await answer('98765'))[0]!.text;
    expect(bad).toContain('电话格式不对');
    expect(bad).not.toContain('98765');
    const phone = await answer('139.1234.5678');
    expect(phone[0]).toMatchObject({ sensitive: true, text: expect.stringContaining('已记下电话：13912345678。') });

    expect((await answer('13912345678'))[0]!.text).toContain('这像是电话号码，不是住址');
    expect((await answer('好'))[0]!.text).toContain('不是住户的住址');
    const confirm = await answer(HOUSEHOLD.address);
    expect(confirm).toHaveLength(1);
    expect(confirm[0]).toMatchObject({ chatId: 'sec', sensitive: true });
    expect(confirm[0]!.text).toContain(
      `已记下住址：${HOUSEHOLD.address}。\n【需求 #1 住户信息 · 请核对】\n住户同意：是\n` +
        `姓名：${HOUSEHOLD.name}\n电话：13912345678\n住址：${HOUSEHOLD.address}\n无误请回复「确认」`,
    );

    // Nothing is on the need yet; the answers wait sealed in the exchange, never in plaintext.
    expect(await stored()).toMatchObject({ consent: null, name_enc: null, phone_enc: null, address_enc: null });
    const [open] = await rows('SELECT state FROM conversations');
    for (const v of Object.values(HOUSEHOLD)) expect(String(open!.state)).not.toContain(v);
    expect(String(open!.state)).toMatch(/"name":"enc1\./);

    expect((await answer('随便'))[0]!.text).toContain('请回复「确认」保存，或「重填 姓名」');
    expect((await answer('重填 电话'))[0]!.text).toContain('第3步');
    const fixed = await answer('0538-8231234');
    expect(fixed[0]!.sensitive).toBe(true);
    expect(fixed[0]!.text).toContain('电话：0538-8231234\n住址：');
    const saved = await answer('「确认」');
    expect(saved[0]!.text).toBe(
      '已加密保存需求 #1 的住户信息（姓名、电话、住址）。需要更正请发送「登记住户 1 重填」；结案后自动删除。',
    );
    expect(saved[0]!.sensitive).toBeUndefined();
    expect(await stored()).toMatchObject({ consent: 1, name_enc: expect.stringMatching(/^enc1\./) });
    expect(await rows('SELECT count(*) AS n FROM conversations')).toEqual([expect.objectContaining({ n: 0 })]);
    expect(await t.say({ from: 'sec', text: '住户 1' })).toContain(
      `姓名：${HOUSEHOLD.name}\n电话：0538-8231234\n住址：${HOUSEHOLD.address}`,
    );
    expect(await t.say({ from: 'sec', text: '登记住户 1' })).toContain('已登记完整');
    const audit = await rows(`SELECT action, detail FROM audit_log WHERE target = 'need:1' ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual([
      'pairing.need.create',
      'pairing.household.consent',
      'pairing.household.record',
      'pairing.household.view',
    ]);
    expect(await t.say({ from: 'sec', chat: 'g1', text: '登记住户 1' })).toContain('请私聊我使用');
  });

  it('an answer questioned once is taken when sent again; a different one is checked afresh', async () => {
    await t.say({ from: 'sec', text: '求助 助老 送餐' });
    await answer('同意');
    await answer('王秀英');
    await answer('13912345678');
    expect((await answer('东头老槐树下'))[0]!.text).toContain('不像住址');
    expect((await answer('西头'))[0]!.text).toContain('住址太短');
    expect((await answer('东头老槐树下靠河那家'))[0]!.text).toContain('不像住址');
    const taken = await answer('东头老槐树下靠河那家');
    expect(taken[0]!.text).toContain('已记下住址：东头老槐树下靠河那家。');
    expect(taken[0]!.text).toContain('请核对');
  });

  it('取消 drops what was not confirmed; 登记住户 resumes an open intake where it stopped', async () => {
    await t.say({ from: 'sec', text: '求助 助老 送餐' });
    await answer('同意');
    await answer(HOUSEHOLD.name);
    // Other commands meanwhile leave the exchange open; 登记住户 asks its current question again.
    expect(await t.say({ from: 'sec', text: '需求列表' })).toContain('#1');
    expect(await t.say({ from: 'sec', text: '登记住户 1' })).toContain('第3步');
    expect((await answer(HOUSEHOLD.phone))[0]!.text).toContain('第4步');
    expect((await answer('取消'))[0]!.text).toBe(
      '已放弃需求 #1 这次的住户信息登记，未确认的内容没有保存。发送「登记住户 1」重新开始。',
    );
    expect(await stored()).toMatchObject({ consent: null, name_enc: null });
    // After 取消 a plain message is plain again, and 取消 itself is not a command.
    expect(await t.say({ from: 'sec', text: HOUSEHOLD.phone })).toContain('没有「');
    expect(await t.say({ from: 'sec', text: '取消' })).toContain('没有「取消」这个命令');
    expect(await t.say({ from: 'sec', text: '登记住户 1' })).toContain('第1步');
  });

  it('重填 keeps the stored data until the new values are confirmed', async () => {
    await needWithHousehold(t);
    const before = await stored();
    expect(await t.say({ from: 'sec', text: '登记住户 1 重填' })).toContain('第1步');
    for (const a of ['同意', '李桂芳', '13800001111']) await answer(a);
    expect(await t.say({ from: 'sec', text: '住户 1' })).toContain(`姓名：${HOUSEHOLD.name}`);
    await answer('幸福小区2号楼1单元301');
    expect(await stored()).toEqual(before);
    expect((await answer('确认'))[0]!.text).toContain('替换了之前登记的');
    expect(await t.say({ from: 'sec', text: '住户 1' })).toContain('姓名：李桂芳\n电话：13800001111');
  });

  it('a redelivered answer (same message id) is not taken as the next field, nor its data replayed', async () => {
    await t.say({ from: 'sec', text: '求助 助老 送餐' });
    await answer('同意');
    const first = await answer(HOUSEHOLD.name, 'answer-name');
    expect(first[0]!.text).toContain('第3步');
    expect((await answer(HOUSEHOLD.name, 'answer-name'))[0]!.text).toBe(SENSITIVE_PLACEHOLDER);
    expect((await answer(HOUSEHOLD.phone))[0]!.text).toContain('第4步');
    await answer(HOUSEHOLD.address);
    await answer('确认');
    expect(await t.say({ from: 'sec', text: '住户 1' })).toContain(
      `姓名：${HOUSEHOLD.name}\n电话：${HOUSEHOLD.phone}\n住址：${HOUSEHOLD.address}`,
    );
    const answers = await rows('SELECT response FROM processed_messages');
    for (const { response } of answers) for (const v of Object.values(HOUSEHOLD)) expect(response).not.toContain(v);
  });

  it('takes the usual yes and no words for consent, asks again otherwise, and stores a refusal at once', async () => {
    await t.say({ from: 'sec', text: '求助 心理 需要谈心' });
    for (const unclear of ['随便', '王秀英', '再说吧'])
      expect(await t.say({ from: 'sec', text: unclear })).toContain('请回复「同意」或「不同意」');
    expect(await t.say({ from: 'sec', text: '不同意。' })).toContain('住户不同意提供个人信息，未保存任何联系方式');
    expect(await stored()).toMatchObject({ consent: 0, name_enc: null, phone_enc: null, address_enc: null });
    expect(await t.say({ from: 'sec', text: '登记住户 1' })).toContain('未同意提供个人信息');
    expect(await t.say({ from: 'sec', text: '登记住户 1 重填' })).toContain('第1步');
    expect(await t.say({ from: 'sec', text: '可以的' })).toContain('已记录：住户同意');
    for (const [word, yes] of [
      ['好', true],
      ['OK', true],
      ['嗯', true],
      ['不行', false],
      ['拒绝', false],
    ] as const) {
      await t.say({ from: 'sec', text: '登记住户 1 重填' });
      expect(await t.say({ from: 'sec', text: word })).toContain(yes ? '已记录：住户同意' : '住户不同意');
    }
  });

  it('a refusal of consent during 重填 erases what was stored', async () => {
    await needWithHousehold(t);
    await t.say({ from: 'sec', text: '登记住户 1 重填' });
    expect(await t.say({ from: 'sec', text: '不同意' })).toContain('之前登记的姓名、电话、住址已删除');
    expect(await stored()).toMatchObject({ consent: 0, name_enc: null, phone_enc: null, address_enc: null });
    expect(await t.say({ from: 'sec', text: '需求 1' })).toContain('住户撤回同意后删除');
  });

  it('starting the intake of another need drops the unconfirmed one, and says so', async () => {
    await t.say({ from: 'sec', text: '求助 助老 送餐' });
    await answer('同意');
    await answer(HOUSEHOLD.name);
    const second = await t.say({ from: 'sec', text: '求助 助学 辅导数学' });
    expect(second).toContain('（需求 #1 未确认的住户信息登记已放弃。）');
    expect(second).toContain('【需求 #2 住户信息】第1步');
  });

  it('only officers over the need may take or resume its intake', async () => {
    await t.say({ from: 'sec', chat: 'g1', text: '求助 助老 送餐' });
    expect(await t.say({ from: 'sec2', text: '登记住户 1' })).toBe('需求 #1 不在你管理的组织内。');
    expect(await t.say({ from: 'v1', text: '登记住户 1' })).toContain('仅限管理员、书记、委员使用');
    // v1 has no exchange open: a plain message is just unknown.
    expect(await t.say({ from: 'v1', text: '同意' })).toContain('没有「同意」这个命令');
  });

  it('an exchange left unanswered for a day expires, with what it held', async () => {
    await t.say({ from: 'sec', text: '求助 助老 送餐' });
    t.clock.advance(23 * 3_600_000);
    expect(await t.say({ from: 'sec', text: '同意' })).toContain('第2步');
    // Each answer extends it; a day of silence ends it.
    t.clock.advance(25 * 3_600_000);
    expect(await t.say({ from: 'sec', text: HOUSEHOLD.name })).toContain('没有「');
    expect(await t.say({ from: 'sec', text: '登记住户 1' })).toContain('第1步');
  });

  it('without PIONEER_DATA_KEY the need is kept but personal data is refused, not stored in plaintext', async () => {
    const bare = await createTestCore();
    try {
      await setupPairing(bare);
      const r = await bare.send({ from: 'sec', chat: 'g1', text: '求助 助老 送餐 阳光小区' });
      expect(r.replies[0]!.text).toContain('已登记需求 #1');
      expect(r.replies[1]).toMatchObject({
        chatId: 'sec',
        direct: true,
        text: expect.stringContaining('未配置数据加密密钥（PIONEER_DATA_KEY）'),
      });
      // No exchange was opened, so the name typed next is not stored anywhere.
      expect(await bare.say({ from: 'sec', text: HOUSEHOLD.name })).toContain('没有「');
      expect(await bare.say({ from: 'sec', text: '登记住户 1' })).toContain('未配置数据加密密钥');
      const open = await bare.store.client.execute('SELECT count(*) AS n FROM conversations');
      expect(Number(open.rows[0]!.n)).toBe(0);
    } finally {
      await bare.close();
    }
  });
});
