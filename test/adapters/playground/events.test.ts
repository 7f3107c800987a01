import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlaygroundFeed } from '../../../adapters/playground/feed.js';
import { playgroundAdapter } from '../../../adapters/playground/index.js';
import { Relay } from '../../../src/outbox/relay.js';
import { defaultRelaySettings } from '../../../src/contracts/config/relay.js';
import { memoryLogger } from '../../../src/contracts/log.js';
import { createTestCore, dropInviteNotices, setupBranch, type TestCore } from '../../helpers/core.js';

let t: TestCore;
let feed: PlaygroundFeed;
beforeEach(async () => {
  feed = new PlaygroundFeed('playground', 3);
  t = await createTestCore({ adapters: [playgroundAdapter(feed)] });
});
afterEach(async () => {
  await t.close();
});

async function poll(after?: string) {
  const res = await t.app.request(
    `/playground/events${after === undefined ? '' : `?after=${encodeURIComponent(after)}`}`,
  );
  expect(res.status).toBe(200);
  return (await res.json()) as {
    events: { id: string; chatId: string; direct?: boolean; text: string; mentions: unknown[] }[];
    cursor: string;
  };
}

describe('GET /playground/events', () => {
  it('shows outbox deliveries to the simulated chats, each once, after the cursor', async () => {
    const empty = await poll();
    expect(empty.events).toEqual([]);
    const code = await setupBranch(t);
    await t.say({ from: 'u1', text: `加入 ${code} 张三` });
    await dropInviteNotices(t);
    await t.say({ from: 'admin', chat: 'g1', text: '通知 今晚7点学习' });
    await t.say({ from: 'admin', chat: 'g1', text: '确认发送' });
    const relay = new Relay({
      db: t.store.db,
      deliverers: [feed],
      clock: t.clock,
      log: memoryLogger(),
      settings: defaultRelaySettings(),
      limits: new Map(),
    });
    await relay.runOnce();
    const first = await poll(empty.cursor);
    expect(first.events).toHaveLength(1);
    expect(first.events[0]).toMatchObject({ chatId: 'g1', mentions: [] });
    expect(first.events[0]!.text).toContain('今晚7点学习');
    expect(first.events[0]).not.toHaveProperty('direct');
    expect((await poll(first.cursor)).events).toEqual([]);
    // The same outbox row delivered again (a retry) is shown once, like a platform's dedupe.
    const again = {
      id: 1,
      chatId: 'g1',
      direct: false,
      kind: 'notice',
      ref: '1',
      text: 'x',
      mentions: [],
      payload: null,
      idempotencyKey: 'k1',
    };
    await feed.deliver(again);
    await feed.deliver(again);
    await feed.deliver({ ...again, chatId: 'u1', direct: true, idempotencyKey: 'k2' });
    const next = await poll(first.cursor);
    expect(next.events.map((e) => [e.chatId, e.direct])).toEqual([
      ['g1', undefined],
      ['u1', true],
    ]);
    // A cursor from an earlier run of the server gets everything kept (at most the last 3 here).
    await feed.deliver({ ...again, idempotencyKey: 'k3' });
    expect((await poll('old-7')).events).toHaveLength(3);
  });
});
