import { describe, expect, it } from 'vitest';
import type { EmbeddedDriver } from '../../../src/db/open.js';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at, rows } from '../../helpers/meetings.js';

/**
 * The same conversation through the whole app on both ways of opening the database (the engine
 * with cached statements and group commit, and @libsql/client as libSQL servers use): the same
 * answers and the same rows. `PIONEER_TEST_DB_DRIVER=client npx vitest run` runs everything on
 * the second.
 */
async function conversation(driver: EmbeddedDriver): Promise<{ answers: string[]; tables: Record<string, unknown>[] }> {
  const t: TestCore = await createTestCore({ driver });
  try {
    const answers: string[] = [];
    const code = await setupBranch(t);
    const say = async (input: Parameters<TestCore['say']>[0]) => answers.push(await t.say(input));
    // One join sent 20 times at once, then two people racing for one invite.
    const join = { from: 'u1', text: `加入 ${code} 张三`, messageId: 'join-1' };
    const copies = await Promise.all(Array.from({ length: 20 }, () => t.say(join)));
    expect(new Set(copies).size).toBe(1);
    answers.push(copies[0]!);
    const second = /邀请码：([A-Z2-9]{8})/.exec(await t.say({ from: 'admin', chat: 'g1', text: '邀请 党员' }))![1]!;
    const race = await Promise.all([
      t.say({ from: 'u2', text: `加入 ${second} 李四` }),
      t.say({ from: 'u3', text: `加入 ${second} 王五` }),
    ]);
    answers.push(...race.map((r) => r.replace(/李四|王五/g, '某人').replace(second, '<code>')).sort());
    // A meeting, 30 members checking in at once, a repeat, attendance.
    await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
    for (let i = 0; i < 30; i++) await addMember(t, { userId: `m${i}`, name: `成员${i}`, unit: '第一支部' });
    await say({ from: 'sec', chat: 'g1', text: '会议 党员大会 今天下午3点 活动室' });
    at(t, '2026-12-01 14:50');
    const checkins = await Promise.all(
      Array.from({ length: 30 }, (_, i) => t.say({ from: `m${i}`, chat: 'g1', text: '签到' })),
    );
    answers.push(...checkins);
    await say({ from: 'm0', chat: 'g1', text: '签到' });
    await say({ from: 'sec', chat: 'g1', text: '考勤 1' });
    const tables = await rows(
      t,
      `SELECT (SELECT count(*) FROM members) AS members, (SELECT count(*) FROM invite_uses) AS uses,
              (SELECT count(*) FROM attendance) AS attendance, (SELECT count(*) FROM audit_log) AS audit,
              (SELECT count(*) FROM processed_messages) AS answers`,
    );
    return { answers, tables };
  } finally {
    await t.close();
  }
}

describe('the engine store and @libsql/client behave alike', () => {
  it('give the same answers and rows for the same conversation', async () => {
    const engine = await conversation('engine');
    const client = await conversation('client');
    expect(engine.answers.some((a) => a.includes('已被使用'))).toBe(true);
    expect(engine.answers.filter((a) => a.includes('签到成功'))).toHaveLength(30);
    expect(engine.answers).toEqual(client.answers);
    expect(engine.tables).toEqual(client.tables);
    expect(engine.tables[0]).toMatchObject({ attendance: 30, uses: 2 });
  }, 60_000);
});
