import { afterEach, describe, expect, it } from 'vitest';
import { createLarkTest, type LarkTest } from '../helpers/lark.js';
import { inGroup, larkBranches, larkRelay, noticeCardId } from '../helpers/lark-notices.js';

// Issue 20's acceptance scenario over the loopback Feishu fake: a notice from a 党委 reaches its
// two 支部; some confirm, some only read, some neither; 未读 sorts them per unit; 催办 three times
// goes group → direct → 加急 and never touches those who confirmed; 撤回通知 stops everything.

let l: LarkTest;
afterEach(async () => {
  await l.close();
});

const HOUR = 3_600_000;
const CONFIRMED = ['ou_a1', 'ou_b1'];
const admin = (text: string) => l.sayText({ from: 'ou_admin', text });

async function world() {
  l = await createLarkTest();
  await larkBranches(
    l,
    [
      {
        name: '第一支部',
        chat: 'oc_one',
        members: [
          ['ou_a1', '张三'],
          ['ou_a2', '李四'],
          ['ou_a3', '王五'],
        ],
      },
      {
        name: '第二支部',
        chat: 'oc_two',
        members: [
          ['ou_b1', '赵六'],
          ['ou_b2', '钱七'],
          ['ou_b3', '孙八'],
        ],
      },
    ],
    '某社区党委',
  );
}

describe('a notice from a 党委 to its two 支部 on Feishu', () => {
  it('sorts readers, chases group → direct → 加急 past those who confirmed, and stops when withdrawn', async () => {
    await world();
    const relay = larkRelay(l);
    const preview = await admin('通知 学习通知\n请周五前完成第三季度学习。 到 某社区党委');
    expect(preview).toContain('发往：某社区党委（2 个群，6 人）');
    await admin('确认发送');
    expect(await relay.runOnce()).toMatchObject({ sent: 2 });
    const cards = [noticeCardId(l, 'oc_one'), noticeCardId(l, 'oc_two')];

    // 张三 and 赵六 confirm; 李四 and 钱七 only open the card; 王五 and 孙八 do neither.
    await l.say({ from: 'ou_a1', text: '收到 1' });
    await inGroup(l, 'oc_two', 'ou_b1', '收到');
    l.fake.markRead(cards[0]!, 'ou_a1', 'ou_a2');
    l.fake.markRead(cards[1]!, 'ou_b2');
    const unread = await admin('未读 1');
    expect(unread).toContain('通知 #1「学习通知」 已确认 2/6 人');
    expect(unread).toContain('【第一支部】已确认 1/3\n  已读未确认 1 人：李四\n  未读 1 人：王五');
    expect(unread).toContain('【第二支部】已确认 1/3\n  已读未确认 1 人：钱七\n  未读 1 人：孙八');

    const start = l.fake.sent.length;
    // 1) @ in each 支部's group, only those who have not confirmed.
    expect(await admin('催办 1')).toContain('第 1 步（群内 @');
    const groupFrom = l.fake.sent.length;
    await relay.runOnce();
    const groups = l.fake.sent.slice(groupFrom);
    expect(groups.map((s) => s.receiveId).sort()).toEqual(['oc_one', 'oc_two']);
    const one = JSON.stringify(groups.find((s) => s.receiveId === 'oc_one')!.content);
    expect(one).toContain('ou_a2');
    expect(one).toContain('ou_a3');

    // 2) an hour later: a direct message to each.
    l.t.clock.advance(HOUR);
    expect(await admin('催办 1')).toContain('第 2 步（私信');
    const dmFrom = l.fake.sent.length;
    await relay.runOnce();
    const dms = l.fake.sent.slice(dmFrom);
    expect(dms.every((d) => d.receiveIdType === 'open_id')).toBe(true);
    expect(dms.map((d) => d.receiveId).sort()).toEqual(['ou_a2', 'ou_a3', 'ou_b2', 'ou_b3']);

    // 3) another hour: 加急 of those messages.
    l.t.clock.advance(HOUR);
    expect(await admin('催办 1')).toContain('第 3 步（加急');
    await relay.runOnce();
    expect(l.fake.urgents.flatMap((u) => u.userIds).sort()).toEqual(['ou_a2', 'ou_a3', 'ou_b2', 'ou_b3']);
    const dmIds = new Set(dms.map((d) => d.messageId));
    expect(l.fake.urgents.every((u) => dmIds.has(u.messageId))).toBe(true);

    // A 4th within the hour is refused with the time it may be repeated (12:00 + 1 h in Shanghai).
    expect(await admin('催办 1')).toBe('通知 #1 一小时内已催办过，12月1日(周二) 13:00 后可再次催办。');
    const touched = JSON.stringify([l.fake.sent.slice(start), l.fake.urgents]);
    for (const who of CONFIRMED) expect(touched).not.toContain(who);

    // 撤回通知 stops everything: the cards, the two @ and the four direct messages are deleted;
    // 收到 and 催办 say it was withdrawn.
    expect(await admin('撤回通知 1')).toContain('通知 #1 已撤回：撤回 8 条已发出的消息');
    await relay.runOnce();
    const chased = [...groups, ...dms].map((s) => s.messageId);
    expect([...l.fake.deletes].sort()).toEqual([...cards, ...chased].sort());
    expect(await l.sayText({ from: 'ou_a3', text: '收到 1' })).toBe('通知 #1 已撤回，无需确认或催办。');
    l.t.clock.advance(HOUR);
    expect(await admin('催办 1')).toBe('通知 #1 已撤回，无需确认或催办。');
    const after = l.fake.sent.length;
    await relay.runOnce();
    expect(l.fake.sent.slice(after)).toEqual([]);
    expect(l.fake.urgents).toHaveLength(4);
  });
});
