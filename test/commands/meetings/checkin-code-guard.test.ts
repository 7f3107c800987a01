import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at, rows } from '../../helpers/meetings.js';

// The 签到码 against guessing and leaking (issue 14): five wrong codes per member and meeting, and
// codes asked for and typed in direct chats only, a code typed into a group retired at once.

let t: TestCore;

beforeEach(async () => {
  t = await createTestCore();
  await setupBranch(t);
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'u1', name: '张三', unit: '第一支部' });
  await addMember(t, { userId: 'u2', name: '李四', unit: '第一支部' });
  expect(await t.say({ from: 'sec', chat: 'g1', text: '会议 党员大会 今天下午3点 需签到码' })).toContain('需要签到码');
  at(t, '2026-12-01 14:40');
});
afterEach(async () => {
  await t.close();
});

const dm = (from: string, text: string) => t.say({ from, text });
const g1 = (from: string, text: string) => t.send({ from, chat: 'g1', text });
const shownCode = async (id = 1) => /签到码：(\d{6})/.exec(await dm('sec', `签到码 ${id}`))![1]!;
/** Six-digit codes other than the current and the previous one (both are accepted). */
function wrongCodes(code: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => String((Number(code) + 7 + i * 13) % 1_000_000).padStart(6, '0'));
}
const present = async (memberId: string) =>
  rows(t, "SELECT method FROM attendance WHERE meeting_id = 1 AND member_id = ? AND status = 'present'", [memberId]);

describe('wrong codes', () => {
  it('five lock a member out of code check-in for that meeting; each is audited; 代签 still works', async () => {
    const code = await shownCode();
    const answers: string[] = [];
    for (const wrong of wrongCodes(code, 5)) answers.push(await dm('u1', `签到 1 ${wrong}`));
    expect(answers.slice(0, 4).map((a) => /还可再试 (\d) 次/.exec(a)?.[1])).toEqual(['4', '3', '2', '1']);
    expect(answers[4]).toBe('签到码已输错 5 次，会议 #1 不能再用签到码签到。请找书记或委员为你代签。');

    // The right code no longer checks 张三 in; it is not even compared.
    expect(await dm('u1', `签到 1 ${await shownCode()}`)).toContain('不能再用签到码签到');
    expect(await present('m-u1')).toEqual([]);
    const audit = await rows(
      t,
      "SELECT actor, target, detail FROM audit_log WHERE action = 'attendance.code_wrong' ORDER BY id",
    );
    expect(audit).toHaveLength(5);
    expect(audit.map((a) => [a.actor, a.target, JSON.parse(String(a.detail))])).toEqual(
      [1, 2, 3, 4, 5].map((wrong) => ['playground:u1', 'm-u1', { meetingId: 1, wrong }]),
    );

    // Only 张三 is locked out, and only of code check-in: 李四 checks in, the secretary 代签s 张三.
    expect(await dm('u2', `签到 1 ${await shownCode()}`)).toBe('李四 签到成功（会议 #1）');
    expect(await t.say({ from: 'sec', chat: 'g1', text: '代签 @张三' })).toBe('已为 张三 代签（会议 #1）。');
    expect(await present('m-u1')).toEqual([{ method: 'proxy' }]);
  });

  it('sent all at once, they lock the member out too, and none gets an apology', async () => {
    const code = await shownCode();
    const burst = await Promise.all(wrongCodes(code, 12).map((w) => dm('u1', `签到 1 ${w}`)));
    for (const answer of burst) expect(answer).toMatch(/签到码不对或已过期|不能再用签到码签到/);
    expect(await dm('u1', `签到 1 ${code}`)).toContain('不能再用签到码签到');
    expect(await present('m-u1')).toEqual([]);
    expect(t.log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('count per meeting: a lock-out at one meeting leaves the next one alone', async () => {
    expect(await t.say({ from: 'sec', chat: 'g1', text: '会议 党课 今天下午3点10分 需签到码' })).toContain('#2');
    for (const wrong of wrongCodes(await shownCode(), 5)) await dm('u1', `签到 1 ${wrong}`);
    expect(await dm('u1', `签到 2 ${await shownCode(2)}`)).toBe('张三 签到成功（会议 #2）');
  });
});

describe('codes in a group', () => {
  it('签到 in a group asks for the code by direct message, never in the group', async () => {
    const asked = await g1('u1', '签到 1');
    expect(asked.replies).toEqual([
      { chatId: 'g1', text: '会议 #1 需要签到码，签到方法已私信发给你。', mentions: [] },
      expect.objectContaining({ chatId: 'u1', direct: true }),
    ]);
    expect(asked.replies[1]!.text).toContain('请在这里（私聊）发送「签到 1 <6 位签到码>」');
    // The same without a number (the meeting whose check-in is open).
    expect((await g1('u1', '签到')).replies[0]!.text).toBe('会议 #1 需要签到码，签到方法已私信发给你。');
  });

  it('a code typed in a group is not accepted and is retired at once; the officers get the next one', async () => {
    const leaked = await shownCode();
    const typed = await g1('u1', `签到 ${leaked}`);
    expect(typed.replies[0]).toEqual({
      chatId: 'g1',
      text: '签到码请私聊我发送，发到群里的签到码已作废。',
      mentions: [],
    });
    expect(typed.replies[1]).toMatchObject({ chatId: 'u1', direct: true });
    expect(await present('m-u1')).toEqual([]);

    // Those who saw it in the group cannot use it, and are not counted as guessing.
    expect(await dm('u2', `签到 1 ${leaked}`)).toContain('这个签到码已作废');
    expect(await rows(t, 'SELECT count(*) AS n FROM checkin_wrong_codes')).toEqual([{ n: 0 }]);

    // The secretary is told the next code by direct message; it works, and 签到码 shows it too.
    const told = await rows(t, "SELECT chat_id, direct, text FROM outbox WHERE kind = 'checkin.code_retired'");
    expect(told).toEqual([{ chat_id: 'sec', direct: 1, text: expect.stringContaining('已作废。新的签到码：') }]);
    const next = /新的签到码：(\d{6})/.exec(String(told[0]!.text))![1]!;
    expect(next).not.toBe(leaked);
    expect(await shownCode()).toBe(next);
    expect(await dm('u2', `签到 1 ${next}`)).toBe('李四 签到成功（会议 #1）');
    expect(await rows(t, "SELECT count(*) AS n FROM audit_log WHERE action = 'attendance.code_retired'")).toEqual([
      { n: 1 },
    ]);
  });

  it('a wrong code typed in a group gets the same answer and retires nothing', async () => {
    const code = await shownCode();
    const typed = await g1('u1', `签到 1 ${wrongCodes(code, 1)[0]}`);
    expect(typed.replies[0]!.text).toBe('签到码请私聊我发送，发到群里的签到码已作废。');
    expect(await rows(t, "SELECT count(*) AS n FROM outbox WHERE kind = 'checkin.code_retired'")).toEqual([{ n: 0 }]);
    expect(await dm('u1', `签到 1 ${code}`)).toBe('张三 签到成功（会议 #1）');
  });
});
