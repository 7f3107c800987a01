import { afterEach, describe, expect, it } from 'vitest';
import { inviteCode } from '../../helpers/core.js';
import { createDingTalkTest, sentText, type DingTalkTest } from '../../helpers/dingtalk.js';
import { at } from '../../helpers/meetings.js';

let d: DingTalkTest;
afterEach(async () => {
  await d?.close();
});

const G1 = 'cidGroup1';

/** The notice rows the relay delivered, as the core keeps them for read status. */
async function deliveredNotices() {
  const r = await d.t.store.client.execute(
    'SELECT o.chat_id AS chatId, o.direct AS direct, d.platform_message_id AS id, d.sent_at AS sentAt ' +
      "FROM delivered_messages d JOIN outbox o ON o.id = d.outbox_id WHERE o.kind = 'notice'",
  );
  return r.rows.map((row) => ({
    chatId: String(row.chatId),
    direct: Boolean(row.direct),
    platformMessageId: String(row.id),
    sentAt: Number(row.sentAt),
  }));
}

describe('a branch run from a DingTalk group over Stream mode', () => {
  it(
    'bind, invite, join, meeting, 签到, 请假, 考勤, a notice by the robot API confirmed by 收到, its read ' +
      'status through the core, 未读 with 已读未确认, 催办 with real @s, then DM, DING and 电话',
    async () => {
      d = await createDingTalkTest();
      await d.adapter.start!(d.t.port);
      await d.fake.waitConnected();
      const group = (from: string, text: string) => d.sayText({ from, group: G1, text });
      const dm = (from: string, text: string) => d.sayText({ from, text });

      expect(await dm('admin', '建组织 泰山区某社区党委')).toContain('已创建党委');
      expect(await dm('admin', '建组织 第一支部 泰山区某社区党委')).toContain('已创建支部「第一支部」');
      expect(await group('admin', '绑定 第一支部')).toBe(
        '本群已绑定到「第一支部」，该组织的通知和会议提醒将发到这里。',
      );

      // Four members join, 李四 in a direct chat with the robot, the others in the group.
      for (const [who, name] of [
        ['zhang', '张三'],
        ['li', '李四'],
        ['wang', '王五'],
        ['zhao', '赵六'],
      ] as const) {
        const code = inviteCode(await group('admin', '邀请'));
        const joined = who === 'li' ? await dm(who, `加入 ${code} ${name}`) : await group(who, `加入 ${code} ${name}`);
        expect(joined).toContain(`欢迎 ${name}`);
      }
      // The issuer hears by direct message who used each code (issue 14), by the robot API.
      const mark0 = d.fake.sent.length;
      expect(await d.t.relay.runOnce()).toMatchObject({ sent: 4, dead: 0 });
      expect(d.fake.sent.slice(mark0).map((s) => [s.via, s.to])).toEqual(Array(4).fill(['oto', 'admin']));

      // A meeting, leave asked before it starts, a check-in in its window, and the record.
      expect(await group('admin', '会议 党员大会 今天下午3点 党员活动室')).toContain('已安排会议 #1');
      expect(await group('li', '请假 1 家中有事')).toContain('请假');
      at(d.t, '2026-12-01 14:50');
      expect(await group('zhang', '签到')).toMatch(/^张三 签到成功/);
      const roll = await group('admin', '考勤');
      expect(roll).toContain('实到 1 人：张三');
      expect(roll).toContain('李四');

      // A notice: a markdown group message by the robot API, whose processQueryKey the core keeps.
      expect(await group('admin', '通知 学习通知\n请周五前完成党章学习。')).toContain('通知草稿 #1');
      expect(await group('admin', '确认发送')).toContain('已发往 1 个群');
      const mark = d.fake.sent.length;
      expect(await d.t.relay.runOnce()).toMatchObject({ sent: 1, dead: 0 });
      const notice = d.fake.sent[mark]!;
      expect(notice).toMatchObject({ via: 'group', to: G1, msgKey: 'sampleMarkdown' });
      expect(sentText(notice)).toContain('请周五前完成党章学习');
      const [delivered] = await deliveredNotices();
      expect(delivered).toMatchObject({ chatId: G1, direct: false, platformMessageId: notice.key });

      // 张三 and 李四 confirm; 王五 opened it without confirming; 赵六 has not opened it.
      d.fake.reads.read(notice.key!, ['zhang', 'li', 'wang']);
      expect(await group('zhang', '收到')).toBe('张三 已确认通知 #1（第 1 位）。');
      expect(await group('li', '收到')).toBe('李四 已确认通知 #1（第 2 位）。');

      // Who read it, asked through the core's receipts with the message the core stored.
      const receipts = d.t.core.deps.receipts!.get('dingtalk')!;
      const readers = await receipts.readers(delivered!);
      expect(readers.sort()).toEqual(['li', 'wang', 'zhang']);
      const acked = await d.t.store.client.execute('SELECT count(*) AS n FROM notice_acks WHERE notice_id = 1');
      expect(Number(acked.rows[0]!.n)).toBe(2);
      // Read but not confirmed: 王五, by the name the member registry knows.
      expect(await d.t.port.displayName('dingtalk', 'wang')).toBe('王五');

      // 未读 names both who have not confirmed (王五 read it, 赵六 did not), never those who did.
      const unread = await group('admin', '未读 1');
      expect(unread).toContain('2/4');
      expect(unread).toContain('王五');
      expect(unread).toContain('赵六');
      expect(unread).not.toContain('张三');
      expect(unread).not.toContain('李四');
      // DingTalk's read status splits them: 王五 read it and did not confirm, 赵六 did not read it.
      expect(unread).toContain('已读未确认 1 人：王五');
      expect(unread).toContain('未读 1 人：赵六');

      // 催办 @s only the two, as DingTalk requires: atUserIds, and "@<staffId>" written in the text.
      expect(await group('admin', '催办')).toContain('已向 1 个群发出催办');
      const mark2 = d.fake.sent.length;
      await d.t.relay.runOnce();
      const chase = d.fake.sent.slice(mark2).find((s) => s.to === `s-${G1}`)!;
      expect(chase).toMatchObject({ via: 'session' });
      const atIds = (chase.body as { at: { atUserIds: string[] } }).at.atUserIds;
      expect([...atIds].sort()).toEqual(['wang', 'zhao']);
      expect(sentText(chase)).toContain('@wang');
      expect(sentText(chase)).toContain('@zhao');
      expect(sentText(chase)).not.toContain('@zhang');

      // The ladder, an hour apart: direct messages to the two, then DING in the app (never SMS or
      // phone unless asked), never to those who confirmed.
      const hourLater = async (text: string, from = 'admin') => {
        d.t.clock.advance(61 * 60_000);
        const answer = await group(from, text);
        await d.t.relay.runOnce();
        return answer;
      };
      const direct = d.fake.sent.length;
      expect(await hourLater('催办')).toContain('已私信 2 人：王五、赵六');
      const dms = d.fake.sent.slice(direct).filter((s) => s.via === 'oto');
      expect(dms.map((s) => s.to).sort()).toEqual(['wang', 'zhao']);
      expect(await hourLater('催办')).toContain('已加急 2 人（已读未确认 1 人：王五；私信后仍未读 1 人：赵六）');
      // One DING per group (who read it, who did not), in the app only.
      expect(d.fake.reads.dings.map((g) => g.remindType)).toEqual([1, 1]);
      expect(d.fake.reads.dings.flatMap((g) => g.receivers).sort()).toEqual(['wang', 'zhao']);

      // 「催办 1 电话」 costs the organisation: refused to a member, done for an officer, audited.
      expect(await group('zhang', '催办 1 电话')).toContain('仅限管理员、书记、委员');
      expect(await hourLater('催办 1 电话')).toContain('已为 2 人发起电话提醒（通知 #1）：王五、赵六');
      const phone = d.fake.reads.dings.filter((g) => g.remindType === 3);
      expect(phone.flatMap((g) => g.receivers).sort()).toEqual(['wang', 'zhao']);
      const phoneAudit = await d.t.store.client.execute(
        "SELECT actor FROM audit_log WHERE action = 'notice.chase.phone'",
      );
      expect(phoneAudit.rows.map((r) => r.actor)).toEqual(['dingtalk:admin']);

      // Something unknown said to the bot gets a short hint; the audit names the DingTalk identity.
      expect(await group('li', '大家好')).toContain('发送「帮助」');
      const audit = await d.t.store.client.execute("SELECT actor FROM audit_log WHERE action = 'chat.bind'");
      expect(audit.rows.map((r) => r.actor)).toEqual(['dingtalk:admin']);
    },
  );
});
