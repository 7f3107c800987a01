import { afterEach, beforeEach, expect, it } from 'vitest';
import { meetingNoticeTexts } from '../../../../commands/meetings/texts.js';
import { Work } from '../../../../src/contracts/work.js';
import { announceCancellation } from '../../../../src/services/meetings/cancel-notice.js';
import type { CancelledItem } from '../../../../src/services/meetings/texts.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { rows } from '../../../helpers/meetings.js';

// The join of a waiting 【会议取消】 when the relay takes that row between the read and the commit:
// the new meeting must not be lost, it goes out in a message of its own.

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore();
});
afterEach(async () => t.close());

const chats = [{ platform: 'playground', chatId: 'g1' }];
const item = (id: number): CancelledItem => ({
  unit: '第一支部',
  meeting: { id, type: 'lecture', title: '', startsAt: Date.parse('2026-12-08T15:00:00+08:00') + id * 86_400_000 },
  zone: 'Asia/Shanghai',
  reason: null,
  seriesStopped: false,
});
const at = (iso: string) => new Work(t.store.db, new Date(iso));
const outbox = () => rows(t, "SELECT ref, status, text FROM outbox WHERE kind = 'meeting.cancel' ORDER BY id");

it('joins a waiting summary, and sends alone what finds it taken meanwhile', async () => {
  const first = at('2026-12-01T10:00:00+08:00');
  await announceCancellation(first, chats, item(1), meetingNoticeTexts);
  await t.store.batch(first.writes);
  const second = at('2026-12-01T10:00:20+08:00');
  await announceCancellation(second, chats, item(2), meetingNoticeTexts);
  await t.store.batch(second.writes);
  expect(await outbox()).toEqual([
    {
      ref: '1',
      status: 'pending',
      text:
        '【会议取消】以下 2 场会议已取消：\n· 第一支部 #1 党课 12月9日(周三) 15:00 已取消。\n' +
        '· 第一支部 #2 党课 12月10日(周四) 15:00 已取消。',
    },
  ]);

  // A third reads the waiting row, but the relay claims it before this commits.
  const third = at('2026-12-01T10:00:30+08:00');
  await announceCancellation(third, chats, item(3), meetingNoticeTexts);
  await t.store.client.execute("UPDATE outbox SET status = 'sending' WHERE kind = 'meeting.cancel'");
  await t.store.batch(third.writes);
  const [summary, alone] = await outbox();
  expect(summary).toMatchObject({ ref: '1', status: 'sending' });
  expect(summary!.text).not.toContain('#3');
  expect(alone).toEqual({
    ref: '3',
    status: 'pending',
    text: '【会议取消】第一支部 #3 党课 12月11日(周五) 15:00 已取消。',
  });
});
