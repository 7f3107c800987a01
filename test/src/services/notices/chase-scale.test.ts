import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noticeTexts } from '../../../../commands/notices/texts.js';
import { DEFAULT_MAX_TEXT_CHARS, type PlatformCapabilities } from '../../../../src/contracts/adapter.js';
import { NOTICE_CHASE_KIND, draftNotice, sendLastDraft } from '../../../../src/services/notices/notices.js';
import { chaseNotice } from '../../../../src/services/notices/chase.js';
import type { TestCore } from '../../../helpers/core.js';
import { as, commit, noticeWorld, unit } from './world.js';

// 催办 over 20,000 unconfirmed members: each message within the platform's mention cap and size,
// everyone named or mentioned exactly once (it used to be one 637 KB row mentioning them all).

let t: TestCore;
beforeEach(async () => {
  t = await noticeWorld();
});
afterEach(async () => {
  await t.close();
});

const MANY = 20_000;

/** Adds `n` members to 第一支部, joined before the notice, each with a playground account. */
async function addMembers(n: number): Promise<void> {
  const { tree } = await as(t, 'sec1');
  const unitId = unit(tree, '第一支部').id;
  const stmts = [];
  for (let i = 0; i < n; i += 500) {
    const ids = Array.from({ length: Math.min(500, n - i) }, (_, k) => i + k);
    stmts.push(
      `INSERT INTO members (id, name, unit_id, role, created_at) VALUES ` +
        ids.map((k) => `('m${k}', '党员${k}', '${unitId}', 'member', 0)`).join(','),
      `INSERT INTO identities (platform, user_id, member_id, created_at) VALUES ` +
        ids.map((k) => `('playground', 'p${k}', 'm${k}', 0)`).join(','),
    );
  }
  await t.store.client.batch(stmts, 'write');
}

async function publishAndChase(platforms: ReadonlyMap<string, PlatformCapabilities>) {
  const d = await as(t, 'sec1');
  const targets = [unit(d.tree, '第一支部')];
  await draftNotice(d.work, d.tree, d.sender, { body: '学习', targets, issuingUnit: targets[0]!, scheduledAt: null });
  await commit(t, d.work);
  const s = await as(t, 'sec1');
  await sendLastDraft(s.work, s.tree, s.sender, noticeTexts);
  await commit(t, s.work);
  const c = await as(t, 'sec1');
  const result = await chaseNotice(c.work, c.tree, c.sender, undefined, noticeTexts, platforms);
  await commit(t, c.work);
  const sql = `SELECT chat_id, ref, text, mentions FROM outbox WHERE kind = '${NOTICE_CHASE_KIND}' ORDER BY id`;
  const rows = (await t.store.client.execute(sql)).rows.map((r) => ({
    chat: String(r.chat_id),
    ref: String(r.ref),
    text: String(r.text),
    mentions: JSON.parse(String(r.mentions)) as { id: string; name: string }[],
  }));
  return { ...result, rows };
}

/** The names a chase message lists after its colon (「未确认：a、b」, 「（续 2）：c、d」). */
function listed(text: string): string[] {
  const m = /(?:未确认|（续 \d+）)：([^\n]*)$/.exec(text);
  return m ? m[1]!.split('、') : [];
}

describe('催办 at scale', () => {
  it('caps mentions per message, names the rest within the message size and splits beyond it', async () => {
    await addMembers(MANY);
    const { chats, rows } = await publishAndChase(t.core.deps.platforms);
    expect(chats).toBe(2);
    const caps = t.core.deps.platforms.get('playground')!;
    const max = caps.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;
    for (const chat of ['g1', 'g1b']) {
      const mine = rows.filter((r) => r.chat === chat);
      expect(mine.length).toBeGreaterThan(1);
      expect(mine[0]!.mentions).toHaveLength(caps.maxMentions);
      for (const r of mine) expect(r.text.length).toBeLessThanOrEqual(max);
      expect(mine.slice(1).every((r) => r.mentions.length === 0)).toBe(true);
      expect(new Set(mine.map((r) => r.ref)).size).toBe(mine.length);
      const everyone = [...mine[0]!.mentions.map((m) => m.name), ...mine.flatMap((r) => listed(r.text))];
      // 张三, 李四 and the 20,000 added; the sender (王书记) is not expected to confirm.
      expect(everyone).toHaveLength(MANY + 2);
      expect(new Set(everyone).size).toBe(MANY + 2);
      expect(mine[0]!.text).toContain(`还有 ${MANY + 2} 人未确认`);
    }
  });

  it('splits where the platform says, and mentions no one where it allows none', async () => {
    await addMembers(30);
    const tiny: PlatformCapabilities = {
      label: '小',
      maxMentions: 0,
      mentionsInBroadcasts: true,
      idempotencyKeyChars: 64,
    };
    const { rows } = await publishAndChase(new Map([['playground', { ...tiny, maxTextChars: 80 }]]));
    const mine = rows.filter((r) => r.chat === 'g1');
    expect(mine.every((r) => r.mentions.length === 0 && r.text.length <= 80)).toBe(true);
    expect(new Set(mine.flatMap((r) => listed(r.text))).size).toBe(32);
    expect(mine.length).toBeGreaterThan(2);
  });
});
