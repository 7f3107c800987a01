import { expect } from 'vitest';
import { formatDateTimeISO } from '../../src/contracts/time.js';
import { inviteCode } from './core.js';
import type { LocalWorker } from './worker.js';

/** Sends one playground message to the worker; the replies' text joined by newlines. */
export type Say = (from: string, text: string, chat?: string) => Promise<string>;

/**
 * A `say` over POST /v1/messages of a local worker, with fresh message ids, as people of `platform`
 * (in production not the playground's: its people are nobody's administrators there).
 */
export function workerSay(w: LocalWorker, prefix: string, platform = 'playground'): Say {
  let seq = 0;
  return async (from, text, chat) => {
    const r = await w.send({
      platform,
      chatId: chat ?? from,
      chatType: chat ? 'group' : 'direct',
      senderId: from,
      messageId: `${prefix}-${++seq}`,
      text,
    });
    return r.replies.map((x) => x.text).join('\n');
  };
}

/**
 * The acceptance scenario on a fresh database: a 党委 and 第一支部 bound to g1, a secretary and two
 * members joined by invite code, a 党员大会 ten minutes from now (check-in is open half an hour
 * before; the worker runs on the real clock), two check-ins, a repeat refused, and 考勤.
 */
export async function branchMeetingScenario(say: Say): Promise<void> {
  expect(await say('admin', '建组织 泰山区某社区党委')).toContain('已创建党委');
  expect(await say('admin', '建组织 第一支部 泰山区某社区党委')).toContain('已创建支部「第一支部」');
  expect(await say('admin', '绑定 第一支部', 'g1')).toContain('本群已绑定到「第一支部」');
  for (const [title, from, name] of [
    ['书记', 'sec', '王书记'],
    ['党员', 'u1', '张三'],
    ['党员', 'u2', '李四'],
  ] as const) {
    const code = inviteCode(await say('admin', `邀请 ${title}`, 'g1'));
    expect(await say(from, `加入 ${code} ${name}`)).toContain(`欢迎 ${name}`);
  }
  const start = formatDateTimeISO(new Date(Date.now() + 10 * 60_000), 'Asia/Shanghai');
  expect(await say('sec', `会议 党员大会 ${start} 党员活动室`, 'g1')).toContain('已安排会议 #1');
  expect(await say('u1', '签到', 'g1')).toBe('张三 签到成功（会议 #1）');
  expect(await say('sec', '签到', 'g1')).toBe('王书记 签到成功（会议 #1）');
  expect(await say('u1', '签到', 'g1')).toContain('已签到');
  const roll = await say('sec', '考勤', 'g1');
  expect(roll).toContain('考勤 #1 党员大会');
  expect(roll).toContain('李四');
}

/**
 * A repeated message id gets the first answer; four concurrent creations of one unit end with
 * one created and three told it exists (the storage's UNIQUE violation re-runs the losers).
 */
export async function repeatAndRaceScenario(w: LocalWorker, say: Say, platform = 'playground'): Promise<void> {
  const msg = {
    platform,
    chatId: 'admin',
    chatType: 'direct',
    senderId: 'admin',
    messageId: 'w-same',
    text: '建组织 第二支部 泰山区某社区党委',
  };
  const first = await w.send(msg);
  expect(first.replies[0]!.text).toContain('已创建支部「第二支部」');
  expect(await w.send(msg)).toEqual(first);
  const answers = await Promise.all([1, 2, 3, 4].map(() => say('admin', '建组织 第三支部 泰山区某社区党委')));
  expect(answers.filter((a) => a.includes('已创建支部「第三支部」'))).toHaveLength(1);
  expect(answers.filter((a) => a.includes('已有名为「第三支部」的组织'))).toHaveLength(3);
}
