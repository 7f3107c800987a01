import { afterEach, describe, expect, it } from 'vitest';
import { robotChatId } from '../../../adapters/wecom/index.js';
import { at } from '../../helpers/meetings.js';
import { inviteCode } from '../../helpers/core.js';
import type { BotFrame } from '../../helpers/fake-wecom-ws.js';
import { cardPressBody } from '../../helpers/wecom-callbacks.js';
import { createWecomTest, frameText, type WecomTest } from '../../helpers/wecom.js';

let w: WecomTest;
afterEach(async () => {
  await w?.close();
});

const G1 = 'wrGroup1';
const ROBOT_KEY = '693a91f6-7aoc-4bc4-97a0-0ec2sifa5aaa';

type Card = { main_title: { title: string; desc: string }; button_list: { key: string }[]; task_id: string };
const cardOf = (f: BotFrame) => (f.body as { template_card: Card }).template_card;

describe('a branch run from a WeCom group through the 智能机器人 (long connection) and a group robot', () => {
  it(
    'bind, invite, join, meeting, 签到, 请假, 考勤, a notice card confirmed by button and by 收到, ' +
      '未读, 催办 with real mentions, the same through a group robot',
    async () => {
      w = await createWecomTest();
      const group = (from: string, text: string) => w.sayText({ from, chat: G1, text: `@先锋助手 ${text}` });
      const dm = (from: string, text: string) => w.sayText({ from, text });

      expect(await dm('admin', '建组织 泰山区某社区党委')).toContain('已创建党委');
      expect(await dm('admin', '建组织 第一支部 泰山区某社区党委')).toContain('已创建支部「第一支部」');
      expect(await group('admin', '绑定 第一支部')).toBe(
        '本群已绑定到「第一支部」，该组织的通知和会议提醒将发到这里。',
      );

      // Invite codes as the core answers them (it decides where a code goes); 李四 joins in a direct chat.
      for (const [who, name] of [
        ['zhang', '张三'],
        ['li', '李四'],
        ['wang', '王五'],
      ] as const) {
        const sent = await w.say({ from: 'admin', chat: G1, text: '@先锋助手 邀请' });
        const code = inviteCode(sent.map(frameText).find((t) => /邀请码：/.test(t))!);
        const joined = who === 'li' ? await dm(who, `加入 ${code} ${name}`) : await group(who, `加入 ${code} ${name}`);
        expect(joined).toContain(`欢迎 ${name}`);
      }
      // The issuer is told by direct message who used each code (issue 14).
      const before0 = w.ws.frames.length;
      expect(await w.t.relay.runOnce()).toMatchObject({ sent: 3, dead: 0 });
      const told = w.ws.frames
        .slice(before0)
        .filter((f) => f.cmd === 'aibot_send_msg')
        .map((f) => JSON.stringify(f.body));
      expect(told.filter((t) => t.includes('admin'))).toHaveLength(3);

      // A meeting, a check-in in its window, leave asked before it starts, and the record.
      expect(await group('admin', '会议 党员大会 今天下午3点 党员活动室')).toContain('已安排会议 #1');
      expect(await group('li', '请假 1 家中有事')).toContain('请假');
      await at(w.t, '2026-12-01 14:50');
      expect(await group('zhang', '签到')).toMatch(/^张三 签到成功/);
      const roll = await group('admin', '考勤');
      expect(roll).toContain('实到 1 人：张三');
      expect(roll).toContain('李四');

      // A group robot for a chat the bot is not in, bound by the officer in a direct chat (the key sealed).
      const url = `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${ROBOT_KEY}`;
      expect(await dm('admin', `绑定 第一支部 群机器人 ${url}`)).toContain('已把群机器人绑定到「第一支部」');
      const stored = await w.t.store.client.execute(
        "SELECT chat_id, secret_sealed FROM chat_bindings WHERE chat_id LIKE 'robot:%'",
      );
      expect(stored.rows[0]!.chat_id).toBe(robotChatId(ROBOT_KEY));
      expect(String(stored.rows[0]!.secret_sealed)).toMatch(/^enc1\./);
      expect(JSON.stringify(stored.rows)).not.toContain(ROBOT_KEY);

      // A notice: a template card in the group through aibot_send_msg, markdown through the robot.
      expect(await group('admin', '通知 学习通知\n请周五前完成党章学习。')).toContain('通知草稿 #1');
      expect(await group('admin', '确认发送')).toContain('已发往 2 个群（3 人需确认）');
      const before = w.ws.frames.length;
      expect(await w.t.relay.runOnce()).toMatchObject({ sent: 2, dead: 0 });
      const cardFrame = w.ws.frames.slice(before).find((f) => f.cmd === 'aibot_send_msg')!;
      expect(cardFrame.body).toMatchObject({ chatid: G1, msgtype: 'template_card' });
      const card = cardOf(cardFrame);
      expect(card.main_title.title).toBe('学习通知');
      const robotNotice = w.api.robotSends.find((s) => s.key === ROBOT_KEY)!;
      expect(robotNotice.body.msgtype).toBe('markdown');
      expect(robotNotice.body.markdown!.content).toContain('请周五前完成党章学习');

      // 张三 presses 收到 on the card: confirmed, and the card everyone sees shows the count.
      const press = cardPressBody({ from: 'zhang', chat: G1, key: card.button_list[0]!.key, taskId: card.task_id });
      w.ws.push(press, 'aibot_event_callback');
      await w.processed(press.msgid as string);
      const update = w.ws.frames.filter((f) => f.cmd === 'aibot_respond_update_msg').at(-1)!;
      expect(update.body).toMatchObject({ response_type: 'update_template_card' });
      expect((update.body as { template_card: Card }).template_card.main_title.desc).toBe('已确认 1 / 3 人');
      expect((update.body as { template_card: Card }).template_card.task_id).toBe(card.task_id);
      // 李四 types 收到; 王五 has not confirmed.
      expect(await group('li', '收到')).toBe('李四 已确认通知 #1（第 2 位）。');
      const unread = await group('admin', '未读 1');
      expect(unread).toContain('王五');
      expect(unread).not.toContain('张三');

      // 催办 mentions only 王五, as a real mention: <@userid> on the AI bot, mentioned_list on the robot.
      expect(await group('admin', '催办')).toContain('已向 2 个群发出催办');
      const mark = w.ws.frames.length;
      await w.t.relay.runOnce();
      const chase = w.ws.frames.slice(mark).find((f) => f.cmd === 'aibot_send_msg')!;
      expect(frameText(chase)).toMatch(/^<@wang> 【催办】/);
      expect(frameText(chase)).not.toContain('<@zhang>');
      const robotChase = w.api.robotSends.filter((s) => s.key === ROBOT_KEY).at(-1)!;
      expect(robotChase.body).toMatchObject({ msgtype: 'text', text: { mentioned_list: ['wang'] } });

      // Something unknown said to the bot gets a short hint; the audit names the WeCom identity.
      expect(await group('li', '大家好')).toContain('发送「帮助」');
      const audit = await w.t.store.client.execute("SELECT actor FROM audit_log WHERE action = 'chat.bind'");
      expect(audit.rows.map((r) => r.actor)).toEqual(['wecom:admin', 'wecom:admin']);
    },
  );

  it('refuses a robot key that is not one, and a robot on a platform that has none', async () => {
    w = await createWecomTest();
    await w.sayText({ from: 'admin', text: '建组织 第一支部' });
    expect(await w.sayText({ from: 'admin', text: '绑定 第一支部 群机器人 https://example.com/x' })).toContain(
      '群机器人的 key 不对',
    );
    expect(await w.sayText({ from: 'admin', text: '绑定 第一支部' })).toContain('用法：绑定 <组织> 群机器人 <key>');
    // Only those who manage the unit bind a robot to it.
    expect(await w.sayText({ from: 'stranger', text: `绑定 第一支部 群机器人 ${ROBOT_KEY}` })).not.toContain(
      '已把群机器人',
    );
    const sealed = await w.t.store.client.execute('SELECT count(*) AS n FROM chat_bindings');
    expect(Number(sealed.rows[0]!.n)).toBe(0);
    expect(await w.t.say({ from: 'admin', text: `绑定 第一支部 群机器人 ${ROBOT_KEY}` })).toContain(
      '没有可绑定的群机器人',
    );
  });
});
