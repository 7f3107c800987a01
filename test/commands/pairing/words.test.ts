import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { setupPairing, TEST_DATA_KEY } from '../../helpers/pairing.js';

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
  await setupPairing(t);
});
afterEach(async () => {
  await t.close();
});

// Words that name properties of every JavaScript object: lookups of typed words go through Maps,
// so these are unknown words like any other, never a crash.
const JS_WORDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('words that are JavaScript property names', () => {
  it.each(JS_WORDS)('需求列表 %s is an unknown status', async (word) => {
    expect(await t.say({ from: 'sec', chat: 'g1', text: `需求列表 ${word}` })).toBe(
      `状态「${word}」不对：应为 待派单、已派单、已接单、服务中、已评价、已结案、结对中 或 全部\n` +
        '用法：需求列表 [状态]\n例如：需求列表 待派单',
    );
  });

  it.each(JS_WORDS)('求助 %s is an unknown type, and as a trailing word it is a 片区, not an urgency', async (word) => {
    expect(await t.say({ from: 'sec', chat: 'g1', text: `求助 ${word} 送餐` })).toContain('应为 助老、助残');
    const reply = await t.say({ from: 'sec', chat: 'g1', text: `求助 助老 送餐 ${word}` });
    expect(reply).toContain(`已登记需求 #1 助老 · ${word} · 待派单`);
  });

  it.each(JS_WORDS)('志愿者 %s is a skill like any other', async (word) => {
    expect(await t.say({ from: 'v1', text: `志愿者 ${word} ${word}` })).toContain(
      `专长 ${word}（没有对上的需求类型），片区 ${word}`,
    );
  });
});
