import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { members, needs, units, volunteers } from '../../../../src/db/schema.js';
import { suggestVolunteers } from '../../../../src/services/pairing/matching.js';
import type { NeedRow } from '../../../../src/services/pairing/needs.js';
import { skillMask } from '../../../../src/services/pairing/skills.js';
import { splitSkills } from '../../../../commands/pairing/parse.js';
import { reasonsFor } from '../../../../commands/pairing/replies.js';
import { parseTimeMask } from '../../../../commands/pairing/time-words.js';
import { UnitTree } from '../../../../src/services/org/units.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore();
  const at = 0;
  await t.store.db.insert(units).values([
    { id: 'root', name: '社区党委', type: 'committee', parentId: null, timeZone: 'Asia/Shanghai', createdAt: at },
    { id: 'b1', name: '第一支部', type: 'branch', parentId: 'root', timeZone: 'Asia/Shanghai', createdAt: at },
    { id: 'b2', name: '第二支部', type: 'branch', parentId: 'root', timeZone: 'Asia/Shanghai', createdAt: at },
  ]);
});
afterEach(async () => {
  await t.close();
});

const time = (s: string) => (s ? parseTimeMask(s, { strict: true })! : 0);

async function volunteer(name: string, unitId: string, skills: string, area: string, free: string, createdAt = 0) {
  await t.store.db
    .insert(members)
    .values({ id: name, name, unitId, role: 'member', partyStatus: 'formal', createdAt: 0 });
  await t.store.db.insert(volunteers).values({
    memberId: name,
    skills: skills.replace(/,/g, '、'),
    skillMask: skillMask(splitSkills(skills)),
    area,
    freeMask: time(free),
    createdAt,
    updatedAt: createdAt,
  });
}

let nextId = 100;
async function need(p: Partial<NeedRow> = {}): Promise<NeedRow> {
  const row = {
    id: nextId++,
    unitId: 'b1',
    type: '助老',
    description: '陪同买菜',
    area: '阳光小区',
    urgency: 'normal' as const,
    timeMask: time('周六上午'),
    status: 'open' as const,
    createdByIdentity: 'playground:sec',
    createdAt: 0,
    statusAt: 0,
    ...p,
  };
  await t.store.db.insert(needs).values(row);
  return (await t.store.db.select().from(needs)).find((n) => n.id === row.id)!;
}

async function otherTree(): Promise<void> {
  await t.store.db.insert(units).values({
    id: 'other',
    name: '别的社区党委',
    type: 'committee',
    parentId: null,
    timeZone: 'Asia/Shanghai',
    createdAt: 0,
  });
  await volunteer('G', 'other', '护理', '阳光小区', '周六上午');
}

describe('suggestVolunteers', () => {
  // With two organisation trees the pool is filtered by unit; with one, no filter is needed.
  it.each([{ trees: 2 }, { trees: 1 }])(
    'ranks skill fit, then same area, then fewest open pairings, then free time, with reasons ($trees trees)',
    async ({ trees }) => {
      if (trees === 2) await otherTree();
      await volunteer('A', 'b1', '护理', '阳光小区', '周六上午');
      await volunteer('B', 'b1', '律师', '阳光小区', '周末');
      await volunteer('C', 'b2', '陪护', '阳光小区', '周末');
      await volunteer('D', 'b1', '护理', '阳光小区3号楼', '周六上午');
      await volunteer('E', 'b2', '护理', '幸福小区', '周六上午');
      await volunteer('F', 'b1', '买菜', '阳光小区', '工作日晚上');
      await volunteer('I', 'b1', '家政', '阳光小区', '');
      // C holds two open pairings; A's only pairing is closed and does not count.
      await need({ status: 'assigned', volunteerId: 'C' });
      await need({ status: 'in_service', volunteerId: 'C' });
      await need({ status: 'closed', volunteerId: 'A' });
      const target = await need();

      const list = await suggestVolunteers(t.store.db, await UnitTree.load(t.store.db), target, 10);
      // A skill fit in a neighbouring or other area outranks a same-area volunteer whose skills do not fit.
      expect(list.map((s) => s.name)).toEqual(['A', 'I', 'F', 'C', 'D', 'E', 'B']);
      const by = Object.fromEntries(list.map((s) => [s.name, reasonsFor(target, s)]));
      expect(by.A).toEqual(['同片区（阳光小区）', '专长对口（护理）', '在办结对 0 个', '需要时有空（周六上午）']);
      expect(by.I).toEqual(['同片区（阳光小区）', '专长对口（家政）', '在办结对 0 个', '空闲时间未填']);
      expect(by.F).toContain('需要时没空（空闲：工作日晚上）');
      expect(by.C).toContain('在办结对 2 个');
      expect(by.B).toContain('专长不对口助老（律师）');
      expect(by.D![0]).toBe('邻近片区（阳光小区3号楼）');
      expect(by.E![0]).toBe('不同片区（幸福小区）');
      // G belongs to another organisation tree: never suggested.
      expect(list.some((s) => s.name === 'G')).toBe(false);
    },
  );

  it('without an area or time on the need, skill and load decide', async () => {
    await volunteer('busy', 'b1', '律师', '', '', 1);
    await volunteer('free', 'b1', '律师', '幸福小区', '周末', 2);
    await volunteer('nurse', 'b1', '护理', '', '', 3);
    await need({ status: 'accepted', volunteerId: 'busy', type: '法律' });
    const target = await need({ type: '法律', area: '', timeMask: 0 });
    const list = await suggestVolunteers(t.store.db, await UnitTree.load(t.store.db), target);
    expect(list.map((s) => s.name)).toEqual(['free', 'busy', 'nurse']);
    expect(reasonsFor(target, list[0]!)).toEqual(['片区未填', '专长对口（律师）', '在办结对 0 个', '空闲：周末全天']);
    expect(reasonsFor(target, list[1]!)).toEqual(['片区未填', '专长对口（律师）', '在办结对 1 个']);
  });

  it('「专长对口」 only when a skill matches the need type: unmatched skills fit no type, not even 其他', async () => {
    await volunteer('singer', 'b1', '唱歌', '阳光小区', '', 1);
    await volunteer('tech', 'b1', '电脑维修', '幸福小区', '', 2);
    const target = await need({ type: '其他', timeMask: 0 });
    const list = await suggestVolunteers(t.store.db, await UnitTree.load(t.store.db), target);
    expect(list.map((s) => s.name)).toEqual(['tech', 'singer']);
    expect(reasonsFor(target, list[0]!)[1]).toBe('专长对口（电脑维修）');
    expect(reasonsFor(target, list[1]!)[1]).toBe('专长不对口其他（唱歌）');
  });

  it('ties keep the longest-registered volunteer first, and the limit holds', async () => {
    await otherTree();
    for (let i = 0; i < 8; i++) await volunteer(`v${i}`, 'b1', '护理', '阳光小区', '周六上午', 10 - i);
    const list = await suggestVolunteers(t.store.db, await UnitTree.load(t.store.db), await need());
    expect(list.map((s) => s.name)).toEqual(['v7', 'v6', 'v5', 'v4', 'v3']);
    // Fewer near volunteers than the limit: the rest of the pool fills the list, near ones first.
    const far = await suggestVolunteers(
      t.store.db,
      await UnitTree.load(t.store.db),
      await need({ area: '幸福小区' }),
      10,
    );
    expect(far.map((s) => s.name)).toEqual(['v7', 'v6', 'v5', 'v4', 'v3', 'v2', 'v1', 'v0']);
    await volunteer('near', 'b2', '护理', '幸福小区1号楼', '', 20);
    const farNeed = await need({ area: '幸福小区' });
    const withNear = await suggestVolunteers(t.store.db, await UnitTree.load(t.store.db), farNeed);
    expect(withNear.map((s) => s.name)).toEqual(['near', 'v7', 'v6', 'v5', 'v4']);
    expect(reasonsFor(farNeed, withNear[0]!)[0]).toBe('邻近片区（幸福小区1号楼）');
  });
});
