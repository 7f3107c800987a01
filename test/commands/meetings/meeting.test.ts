import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at, rows } from '../../helpers/meetings.js';

let t: TestCore;

/**
 * 第一支部 (bound to g1): 王书记 (sec), 张三 u1, 李四 u2, 王五 u3 (预备), 赵六 u4, 李大爷 old, 周八 act (积极分子).
 * 第二支部 (bound to g2): 孙七 guest.  Clock: 2026-12-01 10:00 Asia/Shanghai.
 */
beforeEach(async () => {
  t = await createTestCore();
  await setupBranch(t);
  await t.say({ from: 'admin', text: '建组织 第二支部 泰山区某社区党委' });
  await t.say({ from: 'admin', chat: 'g2', text: '绑定 第二支部' });
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'u1', name: '张三', unit: '第一支部' });
  await addMember(t, { userId: 'u2', name: '李四', unit: '第一支部' });
  await addMember(t, { userId: 'u3', name: '王五', unit: '第一支部', title: '预备党员' });
  await addMember(t, { userId: 'u4', name: '赵六', unit: '第一支部' });
  await addMember(t, { userId: 'old', name: '李大爷', unit: '第一支部' });
  await addMember(t, { userId: 'act', name: '周八', unit: '第一支部', title: '积极分子' });
  await addMember(t, { userId: 'guest', name: '孙七', unit: '第二支部' });
});
afterEach(async () => {
  await t.close();
});

const g1 = (from: string, text: string, mentions?: { id: string; name: string }[]) =>
  t.say({ from, chat: 'g1', text, mentions });

describe('a meeting through every state', () => {
  it(
    'before the window, in it, late, after it; ' + 'leave before and after the start; 代签, guests, 补签 approved',
    async () => {
      const created = await g1('sec', '会议 党员大会 今天下午3点 党员活动室 学习党章 主持人:@王书记 记录人:@李四');
      expect(created).toContain('已安排会议 #1：第一支部 党员大会「学习党章」');
      expect(created).toContain('时间：12月1日（周二）15:00，今天\n地点：党员活动室');
      expect(created).toContain('签到：14:30 至 15:30（15:00 后签到记为迟到）');
      expect(created).toContain('主持人：王书记　记录人：李四');

      at(t, '2026-12-01 14:00');
      expect(await g1('u1', '签到')).toContain(
        '#1 党员大会「学习党章」 12月1日(周二) 15:00 的签到 12月1日(周二) 14:30 开始',
      );
      expect(await g1('u3', '请假 1 出差')).toBe(
        '王五 已请假：#1 党员大会「学习党章」 12月1日(周二) 15:00（原因：出差）',
      );
      expect(await g1('u3', '请假 1 出差')).toContain('你已请过假');

      at(t, '2026-12-01 14:45');
      expect(await g1('u1', '签到')).toBe('张三 签到成功（会议 #1）');
      expect(await g1('u1', '签到')).toBe('张三 已签到（14:45），无需重复签到。');
      expect(await g1('sec', '/签到')).toBe('王书记 签到成功（会议 #1）');

      at(t, '2026-12-01 15:05');
      expect(await g1('u2', '签到 1')).toBe('李四 签到成功（会议 #1，迟到 5 分钟）');
      expect(await g1('u4', '请假 1 临时有事')).toContain('已于 12月1日(周二) 15:00 开始，不能再请假');
      expect(await g1('sec', '代签 @李大爷', [{ id: 'old', name: '李大爷' }])).toBe('已为 李大爷 代签（会议 #1）。');
      expect(await g1('sec', '代签 @李大爷')).toContain('李大爷 已签到');
      expect(await g1('guest', '签到')).toBe('孙七 签到成功（会议 #1，迟到 5 分钟，列席，不计入应到人数）');
      expect(await g1('act', 'checkin')).toBe('周八 签到成功（会议 #1，迟到 5 分钟，列席，不计入应到人数）');

      at(t, '2026-12-01 15:31');
      expect(await g1('u4', '签到')).toContain('签到已于 12月1日(周二) 15:30 结束。如确实参会，请发送：补签 1 <原因>');
      expect(await g1('u4', '签到 1')).toContain('签到已于 12月1日(周二) 15:30 结束');

      const roll = await g1('sec', '考勤 1');
      expect(roll).toContain('应到 6 人（正式党员 5，预备党员 1）');
      expect(roll).toContain('实到 4 人：王书记、张三、李大爷、李四');
      expect(roll).toContain('迟到 1 人：李四(5 分钟)');
      expect(roll).toContain('请假 1 人：王五(出差)');
      expect(roll).toContain('缺席 1 人：赵六');
      expect(roll).toContain('代签 1 人：李大爷');
      expect(roll).toContain('列席（不计入应到）2 人：孙七、周八');
      expect(roll).toContain('到会正式党员 4 人，超过应到正式党员 5 人的半数，符合党员大会表决人数要求。');

      expect(await g1('u4', '补签 1 手机没电了')).toBe(
        '赵六 的补签申请已提交，申请号 1（会议 #1），请等待书记或委员审批。',
      );
      expect(await g1('u4', '补签 1 再来一次')).toContain('已提交过会议 #1 的补签申请（申请号 1，待审批）');
      expect(await g1('sec', '考勤')).toContain('补签申请：1号 赵六(手机没电了，待审批)');
      expect(await g1('u1', '批准 1')).toContain('仅限管理员、书记、委员使用');
      expect(await g1('sec', '批准 1')).toBe('赵六 的补签申请 1（会议 #1）已批准。已通知本人。');
      expect(await g1('sec', '批准 1')).toContain('已批准，不能重复处理');
      const told = await rows(t, "SELECT chat_id, direct, text FROM outbox WHERE kind = 'makeup.decision'");
      expect(told).toEqual([
        {
          chat_id: 'u4',
          direct: 1,
          text: '你对 #1 党员大会「学习党章」 12月1日(周二) 15:00 的补签申请（申请号 1）已批准，记为实到（补签）。',
        },
      ]);

      const after = await g1('sec', '考勤 1');
      expect(after).toContain('实到 5 人');
      expect(after).toContain('补签 1 人：赵六');
      expect(after).toContain('缺席 0 人');
      const rec = await rows(
        t,
        'SELECT member_id, status, method, late FROM attendance WHERE meeting_id = 1 ORDER BY member_id',
      );
      expect(rec).toEqual([
        { member_id: 'm-act', status: 'present', method: 'self', late: 1 },
        { member_id: 'm-guest', status: 'present', method: 'self', late: 1 },
        { member_id: 'm-old', status: 'present', method: 'proxy', late: 0 },
        { member_id: 'm-sec', status: 'present', method: 'self', late: 0 },
        { member_id: 'm-u1', status: 'present', method: 'self', late: 0 },
        { member_id: 'm-u2', status: 'present', method: 'self', late: 1 },
        { member_id: 'm-u3', status: 'leave', method: null, late: 0 },
        { member_id: 'm-u4', status: 'present', method: 'makeup', late: 0 },
      ]);
    },
  );

  it('补签 rejected: the member is told, stays absent; 补签 refused during the window and after the deadline', async () => {
    await g1('sec', '会议 党课 今天下午3点');
    at(t, '2026-12-01 15:10');
    expect(await g1('u4', '补签 1 忘了')).toContain('正在签到，请直接发送：签到 1');
    at(t, '2026-12-01 16:00');
    expect(await g1('u4', '补签 1 忘了')).toContain('申请号 1');
    expect(await g1('sec', '驳回 1 当天未见到本人')).toBe('赵六 的补签申请 1（会议 #1）已驳回。已通知本人。');
    const told = await rows(t, "SELECT chat_id, text FROM outbox WHERE kind = 'makeup.decision'");
    expect(told[0]!.text).toContain('被驳回，原因：当天未见到本人');
    const roll = await g1('sec', '考勤 1');
    expect(roll).toContain('缺席 6 人');
    expect(roll).not.toContain('法定人数');
    // An officer's own request is decided by someone else.
    expect(await g1('sec', '补签 1 在场主持')).toContain('申请号 2');
    expect(await g1('sec', '批准 2')).toContain('不能审批自己的补签申请');
    expect(await t.say({ from: 'admin', text: 'approve 2' })).toBe(
      '王书记 的补签申请 2（会议 #1）已批准。已通知本人。',
    );
    at(t, '2026-12-09 16:00');
    expect(await g1('u1', '补签 1 忘了')).toContain('补签须在会后 7 天内申请');
  });

  it('a leave is turned into presence when the member comes after all', async () => {
    await g1('sec', '会议 党课 今天下午3点');
    expect(await g1('u3', '请假 有事')).toContain('王五 已请假：#1 党课');
    at(t, '2026-12-01 14:40');
    expect(await g1('u3', '签到')).toBe('王五 签到成功（会议 #1，已撤销请假）');
    expect(await g1('sec', '考勤')).toContain('请假 0 人');
  });

  it('quorum: not more than half of the 正式党员 present', async () => {
    await g1('sec', '会议 党员大会 今天下午3点');
    at(t, '2026-12-01 14:50');
    await g1('u1', '签到');
    await g1('u2', '签到');
    // 王五 is 预备: present but without a vote.
    await g1('u3', '签到');
    at(t, '2026-12-01 16:00');
    const roll = await g1('sec', '考勤 1');
    expect(roll).toContain('实到 3 人');
    expect(roll).toContain('到会正式党员 2 人，未超过应到正式党员 5 人的半数，不足法定人数，不能表决。');
  });

  it('a 支委会 expects only the officers', async () => {
    await g1('sec', '会议 支委会 今天下午3点');
    at(t, '2026-12-01 14:50');
    expect(await g1('u1', '签到')).toBe('会议 #1 是支委会，只有书记、委员参加（签到、请假），其他成员不必签到。');
    expect(await g1('sec', '考勤')).toContain('应到 1 人（正式党员 1，预备党员 0）');
  });

  it('a 志愿活动 counts 积极分子 and 群众 in 应到', async () => {
    await g1('sec', '会议 志愿活动 今天下午3点 社区广场 义诊');
    at(t, '2026-12-01 14:50');
    expect(await g1('act', '签到')).toBe('周八 签到成功（会议 #1）');
    expect(await g1('sec', '考勤')).toContain('应到 7 人');
  });
});

describe('which chat a meeting may be handled in', () => {
  it('a chat bound to another unit, or to none, gets a clear error', async () => {
    await g1('sec', '会议 党课 今天下午3点');
    at(t, '2026-12-01 14:50');
    expect(await t.say({ from: 'u1', chat: 'g2', text: '签到 1' })).toBe(
      '会议 #1 属于「第一支部」，本群绑定的是「第二支部」。请在「第一支部」的群里，或私聊我操作。',
    );
    expect(await t.say({ from: 'u1', chat: 'g3', text: '签到' })).toContain('本群尚未绑定组织');
    expect(await t.say({ from: 'u1', chat: 'g3', text: '签到 1' })).toContain(
      '本群尚未绑定组织，不能在这里处理会议 #1',
    );
    expect(await t.say({ from: 'sec', chat: 'g2', text: '考勤 1' })).toContain('会议 #1 属于「第一支部」');
    // In 第二支部's group, 签到 without a number looks at 第二支部's meetings only.
    expect(await t.say({ from: 'guest', chat: 'g2', text: '签到' })).toContain('「第二支部」现在没有正在签到的会议');
    // A direct chat: the member's own unit, or any numbered meeting.
    expect(await t.say({ from: 'u1', text: '签到' })).toBe('张三 签到成功（会议 #1）');
    expect(await t.say({ from: 'guest', text: '签到 1' })).toContain('孙七 签到成功（会议 #1，列席');
    expect(await rows(t, 'SELECT count(*) AS n FROM attendance')).toEqual([{ n: 2 }]);
  });

  it('an officer schedules by direct chat with 组织:, and not for another unit from a group', async () => {
    expect(await t.say({ from: 'admin', text: '会议 党课 明天下午3点 活动室 组织:第二支部' })).toContain(
      '已安排会议 #1：第二支部 党课',
    );
    expect(await g1('sec', '会议 党课 明天下午3点 组织:第二支部')).toContain('本群绑定的是「第一支部」');
    expect(await t.say({ from: 'sec', text: '会议 党课 明天下午3点 组织:第二支部' })).toContain(
      '你无权管理「第二支部」',
    );
    expect(await g1('sec', '取消会议 1')).toContain('会议 #1 属于「第二支部」');
  });

  it('takes the default for a date without a time; refuses a past time, an unknown type, and members', async () => {
    expect(await g1('sec', '会议 党课 12月5日')).toContain(
      '时间：12月5日（周六）09:00，4 天后（没写几点，按 09:00 计）',
    );
    expect(await g1('sec', '会议 党课 今天上午9点')).toContain(
      '时间「今天上午9点」（12月1日（周二）09:00，今天）已经过去了，请写一个将来的时间。',
    );
    expect(await g1('sec', '会议 党课 随便什么时候')).toContain('没看懂时间');
    expect(await g1('sec', '会议 座谈会 明天下午3点')).toContain(
      '类型「座谈会」不对：应为 党员大会、支委会、党小组会、党课、主题党日、志愿活动、其他 之一',
    );
    expect(await g1('u1', '会议 党课 明天下午3点')).toContain('仅限管理员、书记、委员使用');
    expect(await g1('sec', '会议 党课 2026-12-03 15:00 3号楼201室 党史学习')).toContain(
      '时间：12月3日（周四）15:00，2 天后\n地点：3号楼201室',
    );
    expect(await rows(t, 'SELECT count(*) AS n FROM meetings')).toEqual([{ n: 2 }]);
  });
});

describe('cancel', () => {
  it('cancels, tells the bound chats through the outbox, and refuses check-ins', async () => {
    await g1('sec', '会议 党课 明天下午3点');
    expect(await g1('u1', '取消会议 1')).toContain('仅限');
    expect(await g1('sec', '取消会议 1 与区里培训冲突')).toBe(
      '已取消会议 #1 党课 12月2日(周三) 15:00。已通知 1 个绑定的群。',
    );
    const out = await rows(t, "SELECT platform, chat_id, direct, ref, text FROM outbox WHERE kind = 'meeting.cancel'");
    expect(out).toEqual([
      {
        platform: 'playground',
        chat_id: 'g1',
        direct: 0,
        ref: '1',
        text: '【会议取消】第一支部 #1 党课 12月2日(周三) 15:00 已取消，原因：与区里培训冲突。',
      },
    ]);
    expect(await g1('sec', '取消会议 1')).toContain('已经取消了');
    at(t, '2026-12-02 14:50');
    expect(await g1('u1', '签到 1')).toBe('会议 #1 已取消。');
    expect(await g1('u1', '签到')).toContain('现在没有正在签到的会议');
    expect(await g1('u1', '会议列表')).toContain('近期没有安排会议');
  });
});

describe('who did it, and words that are not meeting types', () => {
  it('records who scheduled a meeting and who decided a 补签, with or without a member record', async () => {
    await t.say({ from: 'admin', text: '会议 党课 今天下午3点 组织:第一支部' });
    await g1('sec', '会议 支委会 明天下午3点');
    const made = 'SELECT id, created_by_member_id, created_by_identity FROM meetings ORDER BY id';
    expect(await rows(t, made)).toEqual([
      { id: 1, created_by_member_id: null, created_by_identity: 'playground:admin' },
      { id: 2, created_by_member_id: 'm-sec', created_by_identity: 'playground:sec' },
    ]);
    at(t, '2026-12-01 16:00');
    await g1('u1', '补签 1 忘了');
    await g1('u2', '补签 1 忘了');
    await g1('sec', '批准 1');
    await t.say({ from: 'admin', text: '驳回 2' });
    const decided = 'SELECT id, decided_by_member_id, decided_by_identity FROM makeup_requests ORDER BY id';
    expect(await rows(t, decided)).toEqual([
      { id: 1, decided_by_member_id: 'm-sec', decided_by_identity: 'playground:sec' },
      { id: 2, decided_by_member_id: null, decided_by_identity: 'playground:admin' },
    ]);
  });

  it('refuses object-property words as a meeting type instead of failing', async () => {
    for (const word of ['__proto__', 'constructor', 'toString']) {
      expect(await g1('sec', `会议 ${word} 明天下午3点`)).toContain(`类型「${word}」不对：应为 党员大会、支委会`);
    }
    expect(await rows(t, 'SELECT count(*) AS n FROM meetings')).toEqual([{ n: 0 }]);
  });
});
