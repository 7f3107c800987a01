import { afterEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/command/parse.js';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, rows } from '../../helpers/meetings.js';
import { TEST_DATA_KEY } from '../../helpers/pairing.js';

let t: TestCore | undefined;
afterEach(async () => t?.close());

describe('what people wrote keeps its Chinese punctuation', () => {
  it('parses on the normalised form and keeps the written one beside it', () => {
    const p = parseCommand('@先锋助手 请假 1 家里有事，明天（周三）去医院…复查')!;
    expect(p.args).toEqual(['1', '家里有事,明天(周三)去医院…复查']);
    expect(p.written).toEqual(['1', '家里有事，明天（周三）去医院…复查']);
    expect(parseCommand('／收到！')!.word).toBe('收到');
  });

  it('stores a need, a service, a leave reason and a notice as written; keywords still parse', async () => {
    t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
    await t.say({ from: 'sec', text: `加入 ${await setupBranch(t, { title: '书记' })} 周书记` });
    await addMember(t, { userId: 'v1', name: '王五', unit: '第一支部' });
    const sec = (text: string) => t!.say({ from: 'sec', chat: 'g1', text });
    const need = await t.say({ from: 'sec', text: '求助 助老 陪同买菜，王秀英腿脚不便（独居） 阳光小区' });
    expect(need).toContain('陪同买菜，王秀英腿脚不便（独居）');
    expect(await t.say({ from: 'v1', text: '志愿者 陪诊，买菜 阳光小区' })).toContain('专长 陪诊、买菜');
    await t.say({ from: 'sec', text: '派单 1 @王五', mentions: [{ id: 'v1', name: '王五' }] });
    await t.say({ from: 'v1', text: '接单 1' });
    expect(await t.say({ from: 'v1', text: '服务 1 1.5小时 陪同买菜，送到家！老人很高兴' })).toContain(
      '陪同买菜，送到家！老人很高兴',
    );
    expect(await t.say({ from: 'sec', text: '评价 1 5 很满意，谢谢' })).toContain('很满意，谢谢');
    expect(await sec('会议 党员大会 明天下午3点')).toContain('已安排会议 #1');
    expect(await sec('请假，1 出差：在外地（周五回）')).toContain('出差：在外地（周五回）');
    expect(await sec('提醒设置 1天，2小时')).toContain('提前提醒：1 天、2 小时');
    const draft = await sec('通知 周五下午开会，请准时参加！');
    expect(draft).toContain('内容：周五下午开会，请准时参加！');
    const stored = await rows(t, 'SELECT description FROM needs UNION ALL SELECT reason FROM attendance');
    expect(stored.map((r) => Object.values(r)[0])).toEqual([
      '陪同买菜，王秀英腿脚不便（独居）',
      '出差：在外地（周五回）',
    ]);
  });
});
