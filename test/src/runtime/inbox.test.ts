import { afterEach, describe, expect, it } from 'vitest';
import type { InboxEvent, InboxOutcome, InboxResponder } from '../../../src/contracts/adapter.js';
import type { IncomingMessage } from '../../../src/contracts/message.js';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { TEST_DATA_KEY } from '../../helpers/pairing.js';

let t: TestCore;
afterEach(async () => {
  await t.close();
});

let seq = 0;
function event(text: string, over: Partial<IncomingMessage> = {}): InboxEvent {
  const n = ++seq;
  return {
    platform: 'playground',
    eventId: `ev-${n}`,
    work: {
      kind: 'message',
      message: {
        platform: 'playground',
        chatId: 'admin',
        chatType: 'direct',
        senderId: 'admin',
        messageId: `m-${n}`,
        text,
        mentions: [],
        mentionsBot: false,
        ...over,
      },
    },
    context: { replyTo: `m-${n}` },
    retentionMs: 3600_000,
  };
}

/** A responder that records what it was asked to send, failing the first `failures` times. */
function recorder(failures = 0) {
  const sent: { eventId: string; texts: string[]; context: Record<string, string> }[] = [];
  let left = failures;
  const responder: InboxResponder = {
    async respond(e: InboxEvent, o: InboxOutcome) {
      if (left-- > 0) throw new Error('platform unavailable');
      const texts = o.kind === 'message' ? o.result.replies.map((r) => r.text) : [o.result.text];
      sent.push({ eventId: e.eventId, texts, context: { ...e.context } });
    },
  };
  return { sent, responder };
}

const rows = async () =>
  (await t.store.client.execute('SELECT event_id, status, event, attempts FROM claimed_events ORDER BY event_id')).rows;

describe('the inbox', () => {
  it('claims and stores in one row: a re-delivery is refused, the event is sealed, then erased when done', async () => {
    t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
    const r = recorder();
    t.inbox.register('playground', r.responder);
    const e = event('建组织 泰山区某社区党委');
    expect(await t.port.inbox.receive(e)).toBe(true);
    expect(await t.port.inbox.receive(e)).toBe(false);
    const [stored] = await rows();
    expect(stored).toMatchObject({ status: 'pending', attempts: 1 });
    expect(String(stored!.event)).toMatch(/^enc1\./);
    expect(String(stored!.event)).not.toContain('泰山区');

    await t.port.inbox.process(e);
    expect(r.sent).toEqual([
      { eventId: e.eventId, texts: [expect.stringContaining('泰山区某社区党委')], context: e.context },
    ]);
    expect(await rows()).toEqual([expect.objectContaining({ status: 'done', event: null })]);
  });

  it('without a data key the stored event is plain JSON (development and tests only)', async () => {
    t = await createTestCore();
    t.inbox.register('playground', recorder().responder);
    await t.port.inbox.receive(event('帮助'));
    expect(JSON.parse(String((await rows())[0]!.event))).toMatchObject({ work: { kind: 'message' } });
  });

  it('an event whose process died is finished by a drain once its lease has run out, oldest first', async () => {
    t = await createTestCore({ env: { INBOX_LEASE_MS: '60000' } });
    const r = recorder();
    t.inbox.register('playground', r.responder);
    const first = event('建组织 甲党委');
    await t.port.inbox.receive(first);
    t.clock.advance(1000);
    const second = event('建组织 乙党委');
    await t.port.inbox.receive(second);
    // Still leased to the process that received them (it may be alive and working on them).
    expect(await t.inbox.drain()).toEqual({ finished: 0, failed: 0, dead: 0 });
    t.clock.advance(60_000);
    expect(await t.inbox.drain()).toEqual({ finished: 2, failed: 0, dead: 0 });
    expect(r.sent.map((s) => s.eventId)).toEqual([first.eventId, second.eventId]);
    expect(await t.say({ from: 'admin', text: '成员 甲党委' })).not.toContain('找不到');
    expect((await rows()).map((x) => x.status)).toEqual(['done', 'done']);
  });

  it('work that committed is not run again when only the sending failed: the stored answer is sent', async () => {
    t = await createTestCore();
    const r = recorder(1);
    t.inbox.register('playground', r.responder);
    const e = event('建组织 泰山区某社区党委');
    await t.port.inbox.receive(e);
    await t.port.inbox.process(e);
    expect(r.sent).toEqual([]);
    expect((await rows())[0]).toMatchObject({ status: 'pending' });
    t.clock.advance(t.config.INBOX_LEASE_MS);
    expect(await t.inbox.drain()).toMatchObject({ finished: 1 });
    // The first answer, not 「已存在」 from running 建组织 a second time.
    expect(r.sent[0]!.texts).toEqual([expect.stringContaining('已创建')]);
    const units = await t.store.client.execute('SELECT count(*) AS n FROM units');
    expect(Number(units.rows[0]!.n)).toBe(1);
  });

  it('gives up after INBOX_MAX_ATTEMPTS failed attempts, and events pending too long, erasing them', async () => {
    t = await createTestCore({ env: { INBOX_MAX_ATTEMPTS: '3', INBOX_LEASE_MS: '1000' } });
    t.inbox.register('playground', recorder(99).responder);
    const e = event('帮助');
    await t.port.inbox.receive(e);
    await t.port.inbox.process(e);
    for (let i = 0; i < 2; i++) {
      t.clock.advance(1000);
      expect(await t.inbox.drain()).toMatchObject({ failed: 1 });
    }
    expect(await rows()).toEqual([expect.objectContaining({ status: 'dead', event: null, attempts: 3 })]);
    expect(t.log.lines.some((x) => x.msg === 'inbox event given up')).toBe(true);

    const old = event('帮助');
    await t.port.inbox.receive(old);
    t.clock.advance(t.config.INBOX_MAX_AGE_MS + 1);
    expect(await t.inbox.drain()).toMatchObject({ dead: 1, finished: 0 });
    expect((await rows()).map((x) => [x.status, x.event])).toEqual([
      ['dead', null],
      ['dead', null],
    ]);
  });

  it("leaves other platforms' events to where their adapter runs, and uses the adapter's prepare", async () => {
    t = await createTestCore();
    const r = recorder();
    t.inbox.register('playground', {
      ...r.responder,
      prepare: async (e) =>
        e.work.kind === 'message' ? { kind: 'message', message: { ...e.work.message, text: '帮助' } } : e.work,
    });
    const other: InboxEvent = { ...event('帮助'), platform: 'elsewhere' };
    await t.port.inbox.receive(other);
    const mine = event('something the adapter completes');
    await t.port.inbox.receive(mine);
    t.clock.advance(t.config.INBOX_LEASE_MS);
    expect(await t.inbox.drain()).toMatchObject({ finished: 1 });
    expect(r.sent[0]!.texts.join('\n')).toContain('帮助');
    expect((await rows()).map((x) => x.status)).toEqual(['pending', 'done']);
  });
});
