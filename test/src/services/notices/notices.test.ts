import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  NOTICE_DRAFT_TTL_HOURS,
  NOTICE_KIND,
  ackNotice,
  draftNotice,
  noticeConfirmations,
  sendLastDraft,
} from '../../../../src/services/notices/notices.js';
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

/** Drafts `body` as `from` to the named units and commits it. */
async function draft(from: string, body: string, units: string[], scheduledAt: Date | null = null) {
  const { tree, sender, work } = await as(t, from);
  const targets = units.map((n) => unit(tree, n));
  const r = await draftNotice(work, tree, sender, { body, targets, issuingUnit: targets[0]!, scheduledAt });
  await commit(t, work);
  return r;
}

async function send(from: string) {
  const { tree, sender, work } = await as(t, from);
  const r = await sendLastDraft(work, tree, sender, echoTexts);
  await commit(t, work);
  return r;
}

describe('draftNotice', () => {
  it('counts the bound chats and the members of the target units, without the sender', async () => {
    const { notice, reach } = await draft('sec1', '周五学习', ['第一支部']);
    expect(reach.chats.map((c) => c.chatId)).toEqual(['g1', 'g1b']);
    expect(reach.people).toBe(2); // 张三, 李四; not 王书记, who sends it
    expect(notice).toMatchObject({ status: 'draft', createdByIdentity: 'playground:sec1', createdByName: '王书记' });
    expect(notice.createdByMemberId).not.toBeNull();
    const all = await draft('admin', '全体学习', ['第一支部', '第二支部']);
    expect(all.reach).toMatchObject({ people: 4 });
    expect(all.reach.chats).toHaveLength(3);
    // A configured admin has no member record: the identity alone says who sent it.
    expect(all.notice).toMatchObject({ createdByMemberId: null, createdByIdentity: 'playground:admin' });
    expect(await rows('SELECT count(*) AS n FROM outbox')).toEqual([{ n: 0 }]);
  });

  it('refuses units outside the officer’s own, and a time already past', async () => {
    const { tree, sender, work } = await as(t, 'sec1');
    const second = unit(tree, '第二支部');
    const input = { body: '开会', targets: [second], issuingUnit: second, scheduledAt: null };
    expect(await refusal(draftNotice(work, tree, sender, input))).toEqual({
      code: 'notice.draft_out_of_scope',
      params: { unitId: second.id, unitName: '第二支部' },
    });
    const first = unit(tree, '第一支部');
    const past = new Date(t.clock.now().getTime() - 60_000);
    const late = { body: '开会', targets: [first], issuingUnit: first, scheduledAt: past };
    const refused = { code: 'notice.time_passed', params: { at: past.getTime() } };
    expect(await refusal(draftNotice(work, tree, sender, late))).toEqual(refused);
    expect(work.writes).toHaveLength(0);
  });
});

describe('sendLastDraft', () => {
  it('enqueues one row per bound chat with the texts it was given and the card payload', async () => {
    await draft('sec1', '关于主题党日\n周六9点集合', ['第一支部']);
    const { notice, reach } = await send('sec1');
    expect(notice.status).toBe('sent');
    const out = await rows('SELECT chat_id, kind, ref, text, payload FROM outbox ORDER BY chat_id');
    expect(out.map((r) => r.chat_id)).toEqual(['g1', 'g1b']);
    for (const r of out) {
      expect(r).toMatchObject({ kind: NOTICE_KIND, ref: String(notice.id) });
      const args = {
        id: notice.id,
        body: '关于主题党日\n周六9点集合',
        issuingUnitName: '第一支部',
        senderName: '王书记',
      };
      expect(r.text).toBe(echoTexts.notice(args));
      expect(JSON.parse(String(r.payload))).toEqual({ noticeId: notice.id, title: '关于主题党日' });
    }
    expect(reach.people).toBe(2);
    expect(await refusal(send('sec1'))).toEqual({ code: 'notice.no_draft', params: {} });
  });

  it('refuses a draft that is too old, or whose time has passed since', async () => {
    const { notice: old } = await draft('sec1', '旧草稿', ['第一支部']);
    t.clock.advance((NOTICE_DRAFT_TTL_HOURS + 1) * 3_600_000);
    const expired = { code: 'notice.draft_expired', params: { id: old.id, ttlHours: NOTICE_DRAFT_TTL_HOURS } };
    expect(await refusal(send('sec1'))).toEqual(expired);
    const at = new Date(t.clock.now().getTime() + 60_000);
    const { notice } = await draft('sec1', '定时', ['第一支部'], at);
    t.clock.advance(120_000);
    const passed = { code: 'notice.draft_time_passed', params: { id: notice.id, at: at.getTime() } };
    expect(await refusal(send('sec1'))).toEqual(passed);
  });
});

describe('ackNotice', () => {
  it('counts a member once; the second time says when they confirmed', async () => {
    await draft('sec1', '学习', ['第一支部']);
    const { notice } = await send('sec1');
    const ack = async (from: string, id?: number) => {
      const { sender, work } = await as(t, from);
      const r = await ackNotice(work, sender.member!, id, { platform: 'playground', userId: from });
      await commit(t, work);
      return r;
    };
    const first = await ack('u1');
    expect(first).toMatchObject({ already: false, position: 1, notice: { id: notice.id } });
    const at = t.clock.now().getTime();
    t.clock.advance(60_000);
    expect(await ack('u1', notice.id)).toMatchObject({ already: true, at });
    expect(await ack('u2')).toMatchObject({ already: false, position: 2 });
    expect(await rows('SELECT count(*) AS n FROM notice_acks')).toEqual([{ n: 2 }]);
    expect(await noticeConfirmations(String(notice.id), t.store.db)).toEqual({ confirmed: 2, total: 2 });

    // 第二支部 was not addressed: nothing to confirm, and the number is refused.
    expect(await ack('u3')).toBeNull();
    const { sender } = await as(t, 'u3');
    const notAddressed = { code: 'notice.not_addressed', params: { id: notice.id, unitId: sender.member!.unitId } };
    expect(await refusal(ack('u3', notice.id))).toEqual(notAddressed);
    const notPublished = { code: 'notice.not_published', params: { id: notice.id + 1 } };
    expect(await refusal(ack('u1', notice.id + 1))).toEqual(notPublished);
  });
});
