import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../../src/contracts/message.js';
import { runDemo, type DemoResult } from '../../scripts/demo/scenario.js';
import { createTestCore, type TestCore } from '../helpers/core.js';
import { TEST_DATA_KEY } from '../helpers/pairing.js';

const NOW = new Date('2026-12-07T02:00:00Z');
const ROOT = join(import.meta.dirname, '../..');

describe('the demo branch (npm run demo)', () => {
  let t: TestCore;
  let result: DemoResult;
  const send = async (msg: IncomingMessage) => {
    const r = await t.send({
      from: msg.senderId,
      ...(msg.chatType === 'group' ? { chat: msg.chatId } : {}),
      text: msg.text,
      mentions: msg.mentions,
      messageId: msg.messageId,
      name: msg.senderName,
    });
    return r.replies.map((x) => x.text);
  };
  /** What the tables hold, counted: a second run must leave every count as it was. */
  const counts = async () => {
    const out: Record<string, unknown> = {};
    for (const table of ['units', 'members', 'meetings', 'attendance', 'notices', 'needs', 'volunteers', 'outbox']) {
      out[table] = (await t.store.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n;
    }
    return out;
  };

  beforeAll(async () => {
    t = await createTestCore({ now: NOW.toISOString(), env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
    result = await runDemo(send, t.clock, NOW);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('leaves a lived-in branch: meetings past and coming, attendance, a notice half read', async () => {
    expect(result).toEqual({ created: true, meetings: { past: [1, 2], upcoming: [3, 4] }, notice: 1 });
    expect(t.clock.now()).toEqual(NOW);
    const list = await t.say({ from: 'sec1', chat: 'g1', text: '会议列表' });
    expect(list).toContain('#3 党课「学习二十届四中全会精神」 12月13日(周日) 15:00');
    const roll = await t.say({ from: 'sec1', text: '考勤 1' });
    expect(roll).toContain('考勤 #1 党员大会「学习党章」 11月23日(周一) 15:00');
    expect(roll).toMatch(/实到 5 人：(?=.*钱七)(?=.*王书记)(?=.*赵大爷)(?=.*孙八).*张三/);
    expect(roll).toContain('符合党员大会表决人数要求');
    expect(roll).toContain('请假 1 人：李四');
    expect(roll).toContain('代签 1 人：赵大爷');
    expect(roll).toContain('补签 1 人：孙八');
    expect(roll).toContain('缺席 1 人：周九');
    expect(await t.say({ from: 'demo-liu', text: '考勤 2' })).toContain('冯三');
    const unread = await t.say({ from: 'admin', text: '未读 1' });
    // The notice to both 支部 reaches the 党小组 below the first too (issue 17).
    expect(unread).toContain('通知 #1 已确认 5/12 人');
    const members = await t.say({ from: 'admin', text: `成员 阳光社区党委` });
    for (const name of [
      '王书记',
      '张三',
      '李四',
      '赵大爷',
      '孙八',
      '钱七',
      '周九',
      '刘书记',
      '陈大姐',
      '吴一',
      '郑二',
      '冯三',
    ])
      expect(members).toContain(name);
    const pairs = await t.say({ from: 'admin', text: '结对统计' });
    expect(pairs).toContain('帮扶中住户：2 户');
  });

  it('changes nothing when run again', async () => {
    const before = await counts();
    expect(before).toMatchObject({ units: 4, members: 12, meetings: 4 });
    expect(await runDemo(send, t.clock, new Date(NOW.getTime() + 3_600_000))).toMatchObject({ created: false });
    expect(await counts()).toEqual(before);
  });

  it('runs as npm run demo on the playground database, twice', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pioneer-demo-'));
    try {
      const run = () =>
        promisify(execFile)(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'scripts/demo.ts')], {
          cwd: dir,
          env: { PATH: process.env.PATH ?? '', HOME: dir, TMPDIR: tmpdir(), PORT: '18787' },
        });
      const first = await run();
      expect(first.stdout).toContain('演示数据已写入 ./data/pioneer.db：阳光社区党委');
      expect(first.stdout).toContain('打开 http://127.0.0.1:18787/');
      expect((await run()).stdout).toContain('「阳光社区党委」已经在 ./data/pioneer.db 里了，演示数据没有再写一次。');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
