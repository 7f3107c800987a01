import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PlaygroundFeed } from '../../../adapters/playground/feed.js';
import { playgroundAdapter } from '../../../adapters/playground/index.js';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at } from '../../helpers/meetings.js';

// A burst of cancellations (取消会议 typed one after another, a series stopped with them) posts one
// 【会议取消】 per chat listing the meetings, not one per meeting, and survives a restart.

const open: TestCore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function core(feed: PlaygroundFeed, env: Record<string, string> = {}): Promise<TestCore> {
  const t = await createTestCore({ adapters: [playgroundAdapter(feed)], env });
  open.push(t);
  return t;
}

/** A branch with its group g1, a 书记 and three meetings next week. */
async function branch(t: TestCore): Promise<void> {
  await setupBranch(t);
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await t.say({ from: 'sec', chat: 'g1', text: '会议 党员大会 12月8日下午3点' });
  await t.say({ from: 'sec', chat: 'g1', text: '会议 党课 每月9日下午3点' });
  await t.say({ from: 'sec', chat: 'g1', text: '会议 支委会 12月10日上午9点' });
}

const cancellations = (feed: PlaygroundFeed) =>
  feed
    .after(undefined)
    .events.filter((e) => e.text.startsWith('【会议取消】'))
    .map((e) => `${e.chatId}: ${e.text}`);

describe('【会议取消】 in a burst', () => {
  it('posts one summary per chat for several 取消会议 within a minute, and a later one on its own', async () => {
    const feed = new PlaygroundFeed('playground');
    const t = await core(feed);
    await branch(t);
    at(t, '2026-12-01 10:00');
    expect(await t.say({ from: 'sec', chat: 'g1', text: '取消会议 1 与区里培训冲突' })).toContain('已取消会议 #1');
    t.clock.set('2026-12-01T10:00:20+08:00');
    expect(await t.say({ from: 'sec', text: '取消会议 2 全部' })).toContain('并停止每月重复');
    await t.relay.runOnce();
    expect(cancellations(feed)).toEqual([]);
    t.clock.set('2026-12-01T10:01:05+08:00');
    await t.relay.runOnce();
    expect(cancellations(feed)).toEqual([
      'g1: 【会议取消】以下 2 场会议已取消：\n' +
        '· 第一支部 #1 党员大会 12月8日(周二) 15:00 已取消，原因：与区里培训冲突。\n' +
        '· 第一支部 #2 党课 12月9日(周三) 15:00 已取消。此后的每月例会也不再安排。',
    ]);
    // Later than the burst: a message of its own, as a single cancellation always reads.
    expect(await t.say({ from: 'sec', chat: 'g1', text: '取消会议 3' })).toContain('已取消会议 #3');
    t.clock.set('2026-12-01T10:02:10+08:00');
    await t.relay.runOnce();
    expect(cancellations(feed).slice(1)).toEqual(['g1: 【会议取消】第一支部 #3 支委会 12月10日(周四) 09:00 已取消。']);
  });

  it('announces a cancellation someone was told about even when the bot restarts before it is due', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pioneer-burst-'));
    dirs.push(dir);
    const env = { DATABASE_URL: `file:${join(dir, 'shared.db')}` };
    const before = new PlaygroundFeed('playground');
    const first = await core(before, env);
    await branch(first);
    at(first, '2026-12-01 10:00');
    expect(await first.say({ from: 'sec', chat: 'g1', text: '取消会议 1' })).toContain('已通知 1 个绑定的群');
    expect(await first.say({ from: 'sec', chat: 'g1', text: '删除会议 3' })).toContain('已取消会议 #3');
    await first.close();
    open.splice(open.indexOf(first), 1);

    const after = new PlaygroundFeed('playground');
    const second = await core(after, env);
    second.clock.set('2026-12-01T10:05:00+08:00');
    await second.relay.runOnce();
    expect(cancellations(after)).toEqual([
      'g1: 【会议取消】以下 2 场会议已取消：\n' +
        '· 第一支部 #1 党员大会 12月8日(周二) 15:00 已取消。\n' +
        '· 第一支部 #3 支委会 12月10日(周四) 09:00 已取消。',
    ]);
    expect(cancellations(before)).toEqual([]);
  });
});
