import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOTICE_CHASE_KIND, ackNotice, draftNotice, sendLastDraft } from '../../../../src/services/notices/notices.js';
import { unreadReport } from '../../../../src/services/notices/follow-up.js';
import { chaseNotice } from '../../../../src/services/notices/chase.js';
import type { TestCore } from '../../../helpers/core.js';
import { as, commit, echoTexts, noticeWorld, refusal, unit } from './world.js';

let t: TestCore;
beforeEach(async () => {
  t = await noticeWorld();
});
afterEach(async () => {
  await t.close();
});

async function rows(sql: string) {
  return (await t.store.client.execute(sql)).rows.map((r) => ({ ...r }));
}

/** Drafts and sends `body` as `from` to the named units; returns the notice's number. */
async function publish(from: string, units: string[], scheduledAt: Date | null = null): Promise<number> {
  const d = await as(t, from);
  const targets = units.map((n) => unit(d.tree, n));
  await draftNotice(d.work, d.tree, d.sender, { body: '学习', targets, issuingUnit: targets[0]!, scheduledAt });
  await commit(t, d.work);
  const s = await as(t, from);
  const { notice } = await sendLastDraft(s.work, s.tree, s.sender, echoTexts);
  await commit(t, s.work);
  return notice.id;
}

async function ack(from: string): Promise<void> {
  const { sender, work } = await as(t, from);
  await ackNotice(work, sender.member!, undefined, { platform: 'playground', userId: from });
  await commit(t, work);
}

async function unread(from: string, id?: number) {
  const { tree, sender } = await as(t, from);
  return unreadReport(t.store.db, tree, sender, id, t.clock.now());
}

/** Unit name → unconfirmed names (the units come in no particular order). */
const pendingNames = (r: Awaited<ReturnType<typeof unread>>) =>
  new Map(r.units.map((u) => [u.unit.name, u.pending.map((m) => m.name)]));

describe('unreadReport', () => {
  it('lists the unconfirmed by unit; an officer sees only the units they manage', async () => {
    const id = await publish('admin', ['第一支部', '第二支部']);
    await ack('u1');
    const all = await unread('admin');
    expect(all).toMatchObject({ notice: { id }, confirmed: 1, expected: 4 });
    expect(pendingNames(all)).toEqual(
      new Map([
        ['第一支部', ['李四', '王书记']],
        ['第二支部', ['王五']],
      ]),
    );
    const own = await unread('sec1', id);
    expect(own).toMatchObject({ confirmed: 1, expected: 3 });
    expect(pendingNames(own)).toEqual(new Map([['第一支部', ['李四', '王书记']]]));
  });

  it('refuses what the officer may not see, what is not sent and what is not yet published', async () => {
    expect(await refusal(unread('sec1'))).toEqual({ code: 'notice.none_published', params: {} });
    const other = await publish('admin', ['第二支部']);
    expect(await refusal(unread('sec1', other))).toEqual({ code: 'notice.no_receipt_access', params: { id: other } });
    expect(await refusal(unread('sec1', other + 5))).toEqual({ code: 'notice.not_sent', params: { id: other + 5 } });
    const at = new Date(t.clock.now().getTime() + 3_600_000);
    const later = await publish('sec1', ['第一支部'], at);
    const refused = { code: 'notice.not_yet_published', params: { id: later, publishAt: at.getTime() } };
    expect(await refusal(unread('sec1', later))).toEqual(refused);
  });
});

describe('chaseNotice', () => {
  it('writes one chase per chat with unconfirmed members, recording who chased', async () => {
    const id = await publish('sec1', ['第一支部']);
    await ack('u1');
    const { tree, sender, work } = await as(t, 'sec1');
    const { chats, report } = await chaseNotice(work, tree, sender, undefined, echoTexts, t.core.deps.platforms);
    await commit(t, work);
    expect(chats).toBe(2);
    expect(report.confirmed).toBe(1);
    const chases = `SELECT chat_id, ref, text FROM outbox WHERE kind = '${NOTICE_CHASE_KIND}' ORDER BY chat_id`;
    const out = await rows(chases);
    const text = echoTexts.chase({ id, title: null, pending: 1, mentioned: 1, named: [] });
    expect(out).toEqual([
      { chat_id: 'g1', ref: `${id}.1`, text },
      { chat_id: 'g1b', ref: `${id}.1`, text },
    ]);
    expect(await rows('SELECT by_member_id, by_identity, pending FROM notice_chases')).toEqual([
      { by_member_id: sender.member!.id, by_identity: 'playground:sec1', pending: 1 },
    ]);
  });
});
