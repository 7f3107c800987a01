import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at, rows } from '../../helpers/meetings.js';
import { jpegBytes, pngBytes, SAME_ORIGIN, sendFiles, textBytes, textOf } from '../../helpers/records.js';

let t: TestCore;

async function world(opts: { noFiles?: boolean } = {}): Promise<void> {
  t = await createTestCore(opts);
  await setupBranch(t);
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'u1', name: '张三', unit: '第一支部' });
  await addMember(t, { userId: 'u2', name: '李四', unit: '第一支部' });
  await t.say({
    from: 'sec',
    chat: 'g1',
    text: '会议 党员大会 今天下午3点 党员活动室 学习党章 主持人:@王书记 记录人:@张三',
  });
}

afterEach(async () => {
  await t.close();
});

const kept = () => rows(t, 'SELECT meeting_id, kind, mime, name, by_member_id, thumb_key FROM meeting_files');

describe('photos posted in the bound group', () => {
  beforeEach(() => world());

  it('attach to the meeting during its window, quietly; before and after it they are ordinary chat', async () => {
    const photo = await jpegBytes(1600, 1200);
    at(t, '2026-12-01 13:00');
    expect((await sendFiles(t, { from: 'u1', chat: 'g1', files: [{ bytes: photo }] })).replies).toEqual([]);
    at(t, '2026-12-01 15:20');
    expect((await sendFiles(t, { from: 'u2', chat: 'g1', files: [{ bytes: photo }] })).replies).toEqual([]);
    at(t, '2026-12-01 19:00');
    expect((await sendFiles(t, { from: 'u1', chat: 'g1', files: [{ bytes: photo }] })).replies).toEqual([]);
    expect(await kept()).toEqual([
      {
        meeting_id: 1,
        kind: 'image',
        mime: 'image/jpeg',
        name: null,
        by_member_id: 'm-u2',
        thumb_key: expect.any(String),
      },
    ]);
    // The bytes and an 800-pixel thumbnail are in the folder beside the database.
    const [file] = await rows(t, 'SELECT file_key, thumb_key, bytes, width, height FROM meeting_files');
    expect(file).toMatchObject({ bytes: photo.byteLength, width: 1600, height: 1200 });
    expect(existsSync(join(t.filesDir, String(file!.file_key)))).toBe(true);
    expect(existsSync(join(t.filesDir, String(file!.thumb_key)))).toBe(true);
  });

  it('uses the time the platform says it was sent, and a repeat of the message keeps nothing twice', async () => {
    at(t, '2026-12-01 19:00');
    const photo = await jpegBytes();
    // Sent at 15:30, delivered late: it belongs to the meeting.
    const sent = {
      from: 'u1',
      chat: 'g1',
      files: [{ bytes: photo }],
      sentAt: '2026-12-01T07:30:00Z',
      messageId: 'm-1',
    };
    await sendFiles(t, sent);
    await sendFiles(t, sent);
    expect(await rows(t, 'SELECT count(*) AS n FROM meeting_files')).toEqual([{ n: 1 }]);
  });

  it('refuses a renamed non-image in one short line, and keeps the good file of the same message', async () => {
    at(t, '2026-12-01 15:20');
    const r = await sendFiles(t, {
      from: 'u1',
      chat: 'g1',
      files: [
        { bytes: textBytes(), name: '现场照片.jpg' },
        { bytes: await pngBytes(), name: 'sign.png', kind: 'file' },
      ],
    });
    expect(textOf(r)).toBe(
      '文件「现场照片.jpg」无法识别格式，不是照片（只收 JPEG、PNG、GIF 照片和 PDF，扩展名须与内容一致），没有保存。',
    );
    expect(await kept()).toEqual([expect.objectContaining({ mime: 'image/png', name: 'sign.png' })]);
    // A PDF renamed to .jpg is refused as well: the bytes decide, then the name must agree.
    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
    const renamed = await sendFiles(t, {
      from: 'u1',
      chat: 'g1',
      files: [{ bytes: pdf, name: 'photo.jpg', kind: 'file' }],
    });
    expect(textOf(renamed)).toContain('实际是 pdf 格式');
    expect(await rows(t, 'SELECT count(*) AS n FROM meeting_files')).toEqual([{ n: 1 }]);
  });

  it('refuses a file over RECORD_FILE_MAX_BYTES before keeping it', async () => {
    await t.close();
    t = await createTestCore({ env: { RECORD_FILE_MAX_BYTES: String(64 * 1024) } });
    await setupBranch(t);
    await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
    await t.say({ from: 'sec', chat: 'g1', text: '会议 党员大会 今天下午3点' });
    at(t, '2026-12-01 15:20');
    const big = await jpegBytes(2000, 1500);
    expect(big.byteLength).toBeGreaterThan(64 * 1024);
    const res = await t.app.request('/playground/upload', {
      method: 'POST',
      headers: SAME_ORIGIN,
      body: big as Uint8Array<ArrayBuffer>,
    });
    expect(res.status).toBe(413);
  });
});

describe('照片 <编号> in a direct chat', () => {
  beforeEach(() => world());

  it('lists the photos, then takes the images sent next for that meeting', async () => {
    at(t, '2026-12-02 10:00');
    expect(await t.say({ from: 'u1', text: '照片 1' })).toContain('还没有照片');
    const r = await sendFiles(t, { from: 'u1', files: [{ bytes: await jpegBytes() }, { bytes: await pngBytes() }] });
    expect(textOf(r)).toBe('已存入会议 #1 的记录：2 个。');
    const list = await t.say({ from: 'u1', text: '照片 1' });
    expect(list).toContain('的照片和文件（2 个）');
    expect(list).toContain('1. 照片 张三 12月2日(周三) 10:00');
    expect(await t.say({ from: 'u1', text: '完成' })).toBe('照片收集结束。发送「照片 1」查看。');
    // Without 照片 <编号> open, a photo in a direct chat gets a hint and is not kept.
    const stray = await sendFiles(t, { from: 'u1', files: [{ bytes: await jpegBytes() }] });
    expect(textOf(stray)).toBe('要把照片存入会议记录，请先发送「照片 <编号>」，再发送照片。');
    expect(await rows(t, 'SELECT count(*) AS n FROM meeting_files')).toEqual([{ n: 2 }]);
    expect(await t.say({ from: 'u2', text: '照片 1' })).toContain('只有会议 #1 的记录人、主持人');
  });
});

describe('a runtime without a file store (Workers without R2)', () => {
  beforeEach(() => world({ noFiles: true }));

  it('refuses photos with the limits named', async () => {
    at(t, '2026-12-01 15:20');
    const r = await sendFiles(t, { from: 'u1', chat: 'g1', files: [{ bytes: await jpegBytes() }] });
    expect(textOf(r)).toBe(
      '这里不能保存照片：没有配置文件存储（R2），而数据库（D1）每行最多 1.9 MB，照片最大可到 10.0 MB。' +
        '请管理员在 wrangler.toml 配置 R2 绑定 RECORDS_BUCKET。',
    );
    expect(existsSync(t.filesDir)).toBe(false);
    expect(await rows(t, 'SELECT count(*) AS n FROM meeting_files')).toEqual([{ n: 0 }]);
  });
});
