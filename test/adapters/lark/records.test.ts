import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLarkTest, type LarkTest } from '../../helpers/lark.js';
import { cardActionEvent } from '../../helpers/lark-events.js';
import { addMember, at, rows } from '../../helpers/meetings.js';
import { jpegBytes, textBytes } from '../../helpers/records.js';

let l: LarkTest;
const BOT = { openId: 'ou_bot', name: '先锋助手' };

beforeEach(async () => {
  l = await createLarkTest();
  await l.sayText({ from: 'ou_admin', text: '建组织 泰山区某社区党委' });
  await l.sayText({ from: 'ou_admin', text: '建组织 第一支部 泰山区某社区党委' });
  await l.sayText({ from: 'ou_admin', chat: 'oc_g1', text: '@_user_1 绑定 第一支部', mentions: [BOT] });
  await addMember(l.t, { userId: 'ou_sec', name: '王书记', unit: '第一支部', title: '书记', platform: 'lark' });
  await addMember(l.t, { userId: 'ou_u1', name: '张三', unit: '第一支部', platform: 'lark' });
  await addMember(l.t, { userId: 'ou_u2', name: '李四', unit: '第一支部', platform: 'lark' });
  const created = await l.sayText({
    from: 'ou_sec',
    chat: 'oc_g1',
    text: '@_user_1 会议 党员大会 今天下午3点 党员活动室 主持人:@王书记 记录人:@张三',
    mentions: [BOT],
  });
  expect(created).toContain('#1');
});
afterEach(async () => {
  await l.close();
});

const resourceCalls = () => l.fake.calls.filter((c) => c.path.includes('/resources/'));

describe('Feishu image and file messages', () => {
  it('are fetched through the message resource API and kept when posted in the group during the meeting', async () => {
    const photo = await jpegBytes(800, 600);
    l.fake.resources.set('om_img1/img_v2_k1', { type: 'image', bytes: photo });
    l.fake.resources.set('om_img0/img_v2_k0', { type: 'image', bytes: photo });
    // Before the meeting: an ordinary picture, not even fetched.
    const early = await l.say({
      from: 'ou_u2',
      chat: 'oc_g1',
      messageId: 'om_img0',
      messageType: 'image',
      post: { image_key: 'img_v2_k0' },
      createTime: l.t.clock.now().getTime(),
    });
    expect(early).toEqual([]);
    expect(resourceCalls()).toEqual([]);

    at(l.t, '2026-12-01 15:20');
    const sent = await l.say({
      from: 'ou_u2',
      chat: 'oc_g1',
      messageId: 'om_img1',
      messageType: 'image',
      post: { image_key: 'img_v2_k1' },
      createTime: l.t.clock.now().getTime(),
    });
    expect(sent).toEqual([]);
    expect(resourceCalls()).toEqual([{ method: 'GET', path: '/open-apis/im/v1/messages/om_img1/resources/img_v2_k1' }]);
    expect(await rows(l.t, 'SELECT meeting_id, mime, bytes, by_identity, message_id FROM meeting_files')).toEqual([
      { meeting_id: 1, mime: 'image/jpeg', bytes: photo.byteLength, by_identity: 'lark:ou_u2', message_id: 'om_img1' },
    ]);
  });

  it('refuse a file whose bytes are not what its name says, in one reply in the group', async () => {
    at(l.t, '2026-12-01 15:20');
    l.fake.resources.set('om_f1/file_v2_k1', { type: 'file', bytes: textBytes() });
    const sent = await l.sayText({
      from: 'ou_u1',
      chat: 'oc_g1',
      messageId: 'om_f1',
      messageType: 'file',
      post: { file_key: 'file_v2_k1', file_name: '签到表.pdf' },
      createTime: l.t.clock.now().getTime(),
    });
    expect(sent).toBe(
      '文件「签到表.pdf」无法识别格式，不是照片或 PDF（只收 JPEG、PNG、GIF 照片和 PDF，扩展名须与内容一致），没有保存。',
    );
    expect(await rows(l.t, 'SELECT count(*) AS n FROM meeting_files')).toEqual([{ n: 0 }]);
  });

  it('sent in a direct chat after 照片 <编号> go to that meeting', async () => {
    at(l.t, '2026-12-02 09:00');
    expect(await l.sayText({ from: 'ou_u1', text: '照片 1' })).toContain('现在发送照片');
    l.fake.resources.set('om_p1/img_v2_p1', { type: 'image', bytes: await jpegBytes() });
    // A post with a caption and a picture.
    const post = { title: '', content: [[{ tag: 'text', text: '会场' }], [{ tag: 'img', image_key: 'img_v2_p1' }]] };
    expect(await l.sayText({ from: 'ou_u1', messageId: 'om_p1', post })).toBe('已存入会议 #1 的记录：1 个。');
  });
});

describe('the 主持人 confirms on Feishu', () => {
  it('gets the minutes as a card with a 确认 button; only the 主持人 pressing it confirms', async () => {
    at(l.t, '2026-12-01 16:30');
    await l.sayText({ from: 'ou_u1', text: '纪要 1' });
    await l.sayText({ from: 'ou_u1', text: '议题：学习党章\n决议：每月集中学习' });
    expect(await l.sayText({ from: 'ou_u1', text: '完成' })).toContain('已私信主持人 王书记 确认');
    expect(await l.t.relay.runOnce()).toMatchObject({ sent: 1 });
    const card = l.fake.sent.at(-1)!;
    expect(card).toMatchObject({ msgType: 'interactive', receiveIdType: 'open_id', receiveId: 'ou_sec' });
    const json = JSON.stringify(card.content);
    expect(json).toContain('【纪要待确认】#1 党员大会');
    type Button = { text: { content: string }; value: unknown };
    const actions = (card.content.elements as { tag: string; actions?: Button[] }[]).find((e) => e.tag === 'action')!;
    const button = actions.actions![0]!;
    expect(button.text.content).toBe('确认');
    const press = async (operator: string) => {
      const res = await l.sender.post(
        cardActionEvent({ operator, value: button.value, cardMessageId: card.messageId, chat: 'oc_p2p_ou_sec' }),
      );
      await l.adapter.settled();
      return ((await res.json()) as { toast: { content: string } }).toast.content;
    };
    expect(await press('ou_u1')).toBe('只有会议 #1 的主持人 王书记可以确认纪要。');
    at(l.t, '2026-12-02 09:00');
    expect(await press('ou_sec')).toBe('已确认会议 #1 的纪要（第 1 版）。记录显示：主持人 王书记 于 12月2日 确认。');
    expect(await rows(l.t, 'SELECT version, member_id, identity FROM minutes_confirmations')).toEqual([
      { version: 1, member_id: 'm-ou_sec', identity: 'lark:ou_sec' },
    ]);
  });
});
