import { afterEach, describe, expect, it } from 'vitest';
import { createLarkTest, type LarkTest } from '../../helpers/lark.js';
import { inGroup, larkBranches, larkRelay, noticeCardId } from '../../helpers/lark-notices.js';

let l: LarkTest;
afterEach(async () => {
  await l.close();
});

async function world() {
  l = await createLarkTest();
  await larkBranches(l, [
    {
      name: '第一支部',
      chat: 'oc_g1',
      members: [
        ['ou_u1', '张三'],
        ['ou_u2', '李四'],
      ],
    },
  ]);
  await inGroup(l, 'oc_g1', 'ou_admin', '通知 学习通知\n请周五前完成学习。');
  await inGroup(l, 'oc_g1', 'ou_admin', '确认发送');
  await larkRelay(l).runOnce();
  return noticeCardId(l, 'oc_g1');
}

describe('撤回通知 on Feishu', () => {
  it('deletes the delivered card; 收到, 未读 and 催办 then answer that it was withdrawn', async () => {
    const card = await world();
    expect(await l.sayText({ from: 'ou_u1', text: '撤回通知 1' })).toContain('仅限管理员、书记、委员使用');
    expect(await l.sayText({ from: 'ou_admin', text: 'recall 1' })).toBe(
      '通知 #1 已撤回：撤回 1 条已发出的消息。收到、未读、催办随之停止。',
    );
    await larkRelay(l).runOnce();
    expect(l.fake.deletes).toEqual([card]);
    expect(await l.sayText({ from: 'ou_u1', text: '收到 1' })).toBe('通知 #1 已撤回，无需确认或催办。');
    expect(await l.sayText({ from: 'ou_admin', text: '未读 1' })).toBe('通知 #1 已撤回，无需确认或催办。');
    expect(await l.sayText({ from: 'ou_admin', text: '催办 1' })).toBe('通知 #1 已撤回，无需确认或催办。');
    expect(await l.sayText({ from: 'ou_admin', text: '撤回 1' })).toBe('通知 #1 已撤回，无需确认或催办。');
    const audit = await l.t.store.client.execute("SELECT target FROM audit_log WHERE action = 'notice.withdraw'");
    expect(audit.rows.map((r) => r.target)).toEqual(['1']);
  });

  it('where Feishu refuses the delete, the card is updated to 「已撤回」', async () => {
    const card = await world();
    l.fake.undeletable.add(card);
    await l.sayText({ from: 'ou_admin', text: '撤回通知 1' });
    expect(await larkRelay(l).runOnce()).toMatchObject({ sent: 1 });
    expect(l.fake.deletes).toEqual([]);
    const patched = l.fake.patches.find((p) => p.messageId === card)!;
    expect(JSON.stringify(patched.content)).toContain('已撤回');
    expect(JSON.stringify(patched.content)).not.toContain('收到');
  });
});
