import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_ID, createDingTalkTest, type DingTalkTest } from '../../helpers/dingtalk.js';
import { enqueueRows } from '../../helpers/outbox-rows.js';

let d: DingTalkTest;
afterEach(async () => {
  await d.close();
});

const GROUP = 'cidGroup1';

/** An escalation row as the notices feature writes it: `notice.escalate`, the people and the channel in its payload. */
function escalationRow(o: { ref: string; userIds: string[]; channel: string; text?: string; key?: string | null }) {
  return {
    platform: 'dingtalk',
    chatId: GROUP,
    kind: 'notice.escalate',
    ref: o.ref,
    text: o.text ?? '【催办】请确认通知 #1「学习通知」',
    payload: {
      noticeId: 1,
      title: '学习通知',
      escalate: { platformMessageId: o.key === undefined ? 'pqk-g1=' : o.key, userIds: o.userIds, channel: o.channel },
    },
  };
}

/** Runs relay rounds across `minutes` minutes (retries come back within them). */
async function relayFor(minutes: number): Promise<void> {
  for (let m = 0; m < minutes; m++) {
    await d.t.relay.runOnce();
    d.t.clock.advance(60_000);
  }
}

const rowState = async (ref: string) =>
  (
    await d.t.store.client.execute({
      sql: "SELECT status, attempts FROM outbox WHERE kind = 'notice.escalate' AND ref = ?",
      args: [ref],
    })
  ).rows[0]!;

describe('escalation over DingTalk: DING', () => {
  it('the core knows DingTalk reads receipts and escalates by app, SMS and phone; its receipts are wired', async () => {
    d = await createDingTalkTest();
    expect(d.t.core.deps.platforms.get('dingtalk')).toMatchObject({
      readReceipts: true,
      escalation: ['app', 'sms', 'phone'],
    });
    expect(d.t.core.deps.receipts?.get('dingtalk')).toBe(d.adapter.receipts);
  });

  it('an escalation row becomes a DING by the remindType its channel names, never a message', async () => {
    d = await createDingTalkTest();
    await enqueueRows(d.t, [
      escalationRow({ ref: '1.app', userIds: ['u1', 'u2'], channel: 'app' }),
      escalationRow({ ref: '1.sms', userIds: ['u3'], channel: 'sms' }),
      escalationRow({ ref: '1.phone', userIds: ['u4'], channel: 'phone', key: null }),
    ]);
    expect(await d.t.relay.runOnce()).toMatchObject({ sent: 3, dead: 0 });
    const byReceivers = new Map(d.fake.reads.dings.map((g) => [g.receivers.join(','), g]));
    expect(byReceivers.get('u1,u2')).toMatchObject({ remindType: 1, content: '【催办】请确认通知 #1「学习通知」' });
    expect(byReceivers.get('u1,u2')!.robotCode).toBe(CLIENT_ID);
    // Phone and SMS only for the rows that ask for them (they cost the organisation).
    expect(byReceivers.get('u3')!.remindType).toBe(2);
    expect(byReceivers.get('u4')!.remindType).toBe(3);
    expect(d.fake.reads.dings.filter((g) => g.remindType === 3).map((g) => g.receivers)).toEqual([['u4']]);
    expect(d.fake.sent).toEqual([]);
  });

  it('a row without its text names the notice in the DING', async () => {
    d = await createDingTalkTest();
    await enqueueRows(d.t, [escalationRow({ ref: '1.u', userIds: ['u1'], channel: 'app', text: '' })]);
    await d.t.relay.runOnce();
    expect(d.fake.reads.dings.map((g) => g.content)).toEqual(['请查看并确认通知 #1「学习通知」']);
  });

  it('some receivers refused: the others are DINGed once, the refusal logged, the row not tried again', async () => {
    d = await createDingTalkTest();
    d.fake.reads.dingRefuses.set('u2', 'invalidStaffId');
    await enqueueRows(d.t, [escalationRow({ ref: '1.u', userIds: ['u1', 'u2'], channel: 'app' })]);
    await relayFor(5);
    expect(d.fake.reads.dings.map((g) => g.receivers)).toEqual([['u1']]);
    expect(await rowState('1.u')).toMatchObject({ status: 'sent' });
    const warned = d.t.log.lines.find((l) => l.msg.startsWith('dingtalk: DING refused for some'));
    expect(warned?.fields).toMatchObject({ channel: 'app', refused: { invalidStaffId: ['u2'] } });
  });

  it('every receiver refused, or a channel DING has not: the row is dead after one try', async () => {
    d = await createDingTalkTest();
    d.fake.reads.dingRefuses.set('u1', 'invalidStaffId');
    await enqueueRows(d.t, [
      escalationRow({ ref: '1.all', userIds: ['u1'], channel: 'phone' }),
      escalationRow({ ref: '1.fax', userIds: ['u2'], channel: 'fax' }),
    ]);
    await relayFor(5);
    expect(await rowState('1.all')).toMatchObject({ status: 'dead', attempts: 1 });
    // A payload the outbox cannot read (a channel no platform has) reaches the deliverer without it.
    expect(await rowState('1.fax')).toMatchObject({ status: 'dead', attempts: 1 });
    expect(d.fake.reads.dings).toEqual([]);
    expect(d.fake.sent).toEqual([]);
  });
});
