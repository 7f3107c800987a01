import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_COMMAND_CHARS } from '../../../src/command/parse.js';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { rows } from '../../helpers/meetings.js';

// A message over the command limit says what was too long — the command, the limit and the length —
// instead of 「发送「帮助」…」; 通知 adds that one 党委 reaches the branches below it.
let t: TestCore;

beforeAll(async () => {
  t = await createTestCore();
  await t.say({ from: 'sec', text: `加入 ${await setupBranch(t, { title: '书记' })} 周书记` });
});
afterAll(async () => t?.close());

/** 「到 」 and branch names separated by commas, until the message is over the limit. */
function noticeToManyBranches(): string {
  const names = Array.from({ length: 200 }, (_, i) => `泰山区第${i + 1}街道第${i + 1}党支部`);
  return `通知 周五下午3点在党员活动室集中学习 到 ${names.join(',')}`;
}

describe('a command over the length limit', () => {
  it('通知 naming too many branches: the command, the limit, the length and 「到 某党委」', async () => {
    const text = noticeToManyBranches();
    expect(text.length).toBeGreaterThan(MAX_COMMAND_CHARS);
    const answer = await t.say({ from: 'sec', chat: 'g1', text });
    expect(answer).toContain(`「通知」太长了：一条命令最多 ${MAX_COMMAND_CHARS} 字，这条有 ${text.length} 字。`);
    expect(answer).toContain('写「到 某党委」即可');
    expect(answer).toContain('用法：通知 <内容>');
    expect(answer).not.toContain('发送「帮助」');
    expect(await rows(t, 'SELECT id FROM notices')).toHaveLength(0);
  });

  it('another command (请假 with a very long reason) names itself, with the usage', async () => {
    const text = `请假 1 ${'家里有事需要处理'.repeat(300)}`;
    const answer = await t.say({ from: 'sec', text });
    expect(answer).toBe(
      `「请假」太长了：一条命令最多 ${MAX_COMMAND_CHARS} 字，这条有 ${text.length} 字。` +
        '请写得简短些，或分几条发送。\n用法：请假 [编号] <原因>',
    );
  });

  it('addressed to the bot, as the platforms send it, still names the command', async () => {
    const text = `@先锋助手 ${noticeToManyBranches()}`;
    const answer = await t.say({ from: 'sec', chat: 'g1', text });
    expect(answer).toContain('「通知」太长了');
  });

  it('long chatter in a group stays unanswered; in a direct chat it is told the limit', async () => {
    const chatter = '今天的学习内容很丰富'.repeat(300);
    expect(await t.say({ from: 'sec', chat: 'g1', text: chatter })).toBe('');
    expect(await t.say({ from: 'sec', text: chatter })).toBe(
      `消息太长了：一条命令最多 ${MAX_COMMAND_CHARS} 字，这条有 ${chatter.length} 字。发送「帮助」查看你可以使用的命令。`,
    );
  });
});
