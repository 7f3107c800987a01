import { afterEach, describe, expect, it } from 'vitest';
import { createLarkTest, type LarkTest } from '../../helpers/lark.js';
import { inGroup, larkRelay, firstBranch, joinWithoutFeishu } from '../../helpers/lark-notices.js';

let l: LarkTest;
afterEach(async () => {
  await l.close();
});

const HOUR = 3_600_000;
const chase = (text = '催办 1') => l.sayText({ from: 'ou_admin', text });

/** 第一支部 on Feishu: 张三 confirms, 李四 and 王五 do not; 周九 has no Feishu account. */
async function world() {
  l = await createLarkTest();
  await firstBranch(l);
  await joinWithoutFeishu(l);
  await inGroup(l, 'oc_g1', 'ou_admin', '通知 学习通知\n请周五前完成学习。');
  await inGroup(l, 'oc_g1', 'ou_admin', '确认发送');
  await larkRelay(l).runOnce();
  await l.say({ from: 'ou_u1', text: '收到 1' });
}

describe('催办 ladder on Feishu', () => {
  it('goes @ in the group → direct messages → 加急, an hour apart, never to who confirmed', async () => {
    await world();
    const relay = larkRelay(l);
    const before = l.fake.sent.length;
    expect(await chase()).toContain('第 1 步（群内 @，第一支部）：已向 1 个群发出催办，提醒 3 人确认通知 #1。');
    await relay.runOnce();
    const group = l.fake.sent.slice(before).filter((s) => s.receiveId === 'oc_g1');
    expect(group).toHaveLength(1);
    expect(JSON.stringify(group[0]!.content)).toContain('ou_u2');
    expect(JSON.stringify(group[0]!.content)).not.toContain('ou_u1');

    // Within the hour: refused, saying when it may be repeated (10:00 + 1 h in Shanghai).
    expect(await chase()).toBe('通知 #1 一小时内已催办过，12月1日(周二) 11:00 后可再次催办。');
    l.t.clock.advance(HOUR);
    const second = await chase();
    expect(second).toContain('第 2 步（私信，第一支部）：已私信 2 人：李四、王五。');
    expect(second).toContain('无法私信 1 人：周九。');
    const dmFrom = l.fake.sent.length;
    await relay.runOnce();
    // The relay sends them concurrently: the fake sees them in either order.
    const dms = l.fake.sent.slice(dmFrom).sort((a, b) => String(a.receiveId).localeCompare(String(b.receiveId)));
    expect(dms.map((d) => [d.receiveIdType, d.receiveId])).toEqual([
      ['open_id', 'ou_u2'],
      ['open_id', 'ou_u3'],
    ]);
    expect(String(dms[0]!.content.text)).toContain('请回复「收到 1」确认');

    // 李四 opens the direct message; 未读 learns it from read_users.
    l.fake.markRead(dms[0]!.messageId, 'ou_u2');
    expect(await l.sayText({ from: 'ou_admin', text: '未读 1' })).toContain('已读未确认 1 人：李四');
    l.t.clock.advance(HOUR);
    expect(await chase()).toContain(
      '第 3 步（加急，第一支部）：已加急 2 人（已读未确认 1 人：李四；私信后仍未读 1 人：王五）。',
    );
    await relay.runOnce();
    expect([...l.fake.urgents].sort((a, b) => a.userIds[0]!.localeCompare(b.userIds[0]!))).toEqual([
      { messageId: dms[0]!.messageId, userIds: ['ou_u2'], userIdType: 'open_id' },
      { messageId: dms[1]!.messageId, userIds: ['ou_u3'], userIdType: 'open_id' },
    ]);
    const everything = JSON.stringify([l.fake.sent.slice(before), l.fake.urgents]);
    expect(everything).not.toContain('ou_u1');
    const audit = await l.t.store.client.execute("SELECT count(*) AS n FROM audit_log WHERE action = 'notice.chase'");
    expect(Number(audit.rows[0]!.n)).toBe(3);
  });

  it('「催办 1 电话」 says it cannot here when the platform offers no phone escalation', async () => {
    await world();
    expect(await chase('催办 1 电话')).toBe('通知 #1 所在平台不支持电话催办，这里无法电话提醒。');
    expect(await l.sayText({ from: 'ou_u2', text: '催办 1 电话' })).toContain('仅限管理员、书记、委员使用');
  });
});
