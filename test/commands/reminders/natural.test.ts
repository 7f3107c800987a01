import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';

let t: TestCore | undefined;
afterEach(async () => t?.close());

async function branch(): Promise<(text: string) => Promise<string>> {
  t = await createTestCore();
  await t.say({ from: 'sec', text: `加入 ${await setupBranch(t, { title: '书记' })} 周书记` });
  return (text) => t!.say({ from: 'sec', chat: 'g1', text });
}

describe('提醒设置 in the words people use', () => {
  it('reads quiet hours written with parts of the day, in several forms', async () => {
    const sec = await branch();
    const cases: [string, string][] = [
      ['提醒设置 免打扰 晚上10点到早上7点', '免打扰：22:00-07:00。'],
      ['提醒设置 免打扰 晚9点至早6点半', '免打扰：21:00-06:30。'],
      ['提醒设置 免打扰 23:00-06:00', '免打扰：23:00-06:00。'],
      ['提醒设置 免打扰夜里11点半到早上6点', '免打扰：23:30-06:00。'],
      ['提醒设置 免打扰 中午12点到下午2点', '免打扰：12:00-14:00。'],
    ];
    for (const [text, shown] of cases) expect(await sec(text), text).toContain(shown);
    expect(await sec('提醒设置 免打扰 晚上随便')).toContain('没看懂免打扰时段「晚上随便」');
    expect(await sec('提醒设置 免打扰 明天晚上10点')).toContain('没看懂免打扰时段');
  });

  it('reads several lead times joined by 和 or commas, with 提前/前 and words for numbers', async () => {
    const sec = await branch();
    const cases: [string, string][] = [
      ['提醒设置 提前一天和半小时', '提前提醒：1 天、30 分钟\n'],
      ['提醒设置 前一天', '提前提醒：1 天\n'],
      ['提醒设置 1天，2小时、30分钟', '提前提醒：1 天、2 小时、30 分钟\n'],
      ['提醒设置 提前2小时和一个半小时', '提前提醒：2 小时、1 小时 30 分钟\n'],
      ['提醒设置 提前 两天 和 15分钟', '提前提醒：2 天、15 分钟\n'],
    ];
    for (const [text, shown] of cases) expect(await sec(text), text).toContain(shown);
    expect(await sec('提醒设置 提前一天和好久')).toContain('没看懂「好久」');
  });
});
