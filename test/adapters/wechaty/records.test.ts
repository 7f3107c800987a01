import { FileBox } from 'file-box';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addMember, at, rows } from '../../helpers/meetings.js';
import { jpegBytes, textBytes } from '../../helpers/records.js';
import { createWechatyTest, type WechatyTest } from '../../helpers/wechaty.js';

let w: WechatyTest;
const ROOM = 'r1@chatroom';

beforeEach(async () => {
  w = await createWechatyTest();
  await w.sayText('wxid_admin', '建组织 泰山区某社区党委');
  await w.sayText('wxid_admin', '建组织 第一支部 泰山区某社区党委');
  await w.sayText('wxid_admin', '绑定 第一支部', { room: ROOM, mentions: ['wxid_bot'] });
  await addMember(w.t, { userId: 'wxid_zhang', name: '张三', unit: '第一支部', platform: 'wechat' });
  await addMember(w.t, { userId: 'wxid_li', name: '李四', unit: '第一支部', platform: 'wechat' });
  const created = await w.sayText('wxid_admin', '会议 党员大会 今天下午3点 党员活动室 记录人:@张三', {
    room: ROOM,
    mentions: ['wxid_bot'],
  });
  expect(created).toContain('#1');
});
afterEach(async () => {
  await w.close();
});

const photoBox = async () => FileBox.fromBase64(Buffer.from(await jpegBytes()).toString('base64'), '现场.jpg');

describe('WeChat image messages (wechaty-puppet-mock)', () => {
  it('posted in the room during the meeting are kept, fetched with message.toFileBox()', async () => {
    at(w.t, '2026-12-01 15:20');
    const id = w.world.sendFile('wxid_li', await photoBox(), { room: ROOM });
    expect(await w.world.waitHandled(id)).toMatchObject({ outcome: 'answered', replies: 0 });
    expect(w.seen.at(-1)).toMatchObject({ chatType: 'group', text: '', attachments: [{ kind: 'image', ref: id }] });
    expect(await rows(w.t, 'SELECT meeting_id, mime, name, by_identity FROM meeting_files')).toEqual([
      { meeting_id: 1, mime: 'image/jpeg', name: '现场.jpg', by_identity: 'wechat:wxid_li' },
    ]);
  });

  it('after 照片 <编号> in a direct chat go to that meeting; a renamed text file is refused', async () => {
    at(w.t, '2026-12-02 09:00');
    expect(await w.sayText('wxid_zhang', '照片 1')).toContain('现在发送照片');
    const before = w.world.sent.items.length;
    const id = w.world.sendFile('wxid_zhang', await photoBox());
    await w.world.waitHandled(id);
    expect(w.world.sent.items.slice(before).map((s) => s.text)).toEqual(['已存入会议 #1 的记录：1 个。']);
    const fake = FileBox.fromBase64(Buffer.from(textBytes()).toString('base64'), '合影.png');
    const bad = w.world.sendFile('wxid_zhang', fake);
    await w.world.waitHandled(bad);
    expect(w.world.sent.items.at(-1)!.text).toContain('文件「合影.png」无法识别格式，不是照片');
    expect(await rows(w.t, 'SELECT count(*) AS n FROM meeting_files')).toEqual([{ n: 1 }]);
  });
});
