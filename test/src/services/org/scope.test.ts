import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findMember } from '../../../../src/services/org/members.js';
import { canManage, canSeeRoster, lookupScope, requireManage } from '../../../../src/services/org/scope.js';
import { withinScope } from '../../../../src/services/org/scope.js';
import type { Sender } from '../../../../src/services/org/identity.js';
import type { Unit } from '../../../../src/services/org/units.js';
import { ADMIN, orgFixture, recordOf, refusal, type OrgFixture } from './fixture.js';

// 党委 → 第一支部 → 第一小组, and 第二支部 beside it; a secretary, a committee member and a party
// member of 第一支部, a secretary of 第二支部.
let f: OrgFixture;
let party: Unit, branch1: Unit, group1: Unit, branch2: Unit;
let sec1: Sender, com1: Sender, mem1: Sender, sec2: Sender;

beforeEach(async () => {
  f = await orgFixture();
  party = await f.unit('泰山区某社区党委');
  branch1 = await f.unit('第一支部', party.name);
  group1 = await f.unit('第一小组', branch1.name);
  branch2 = await f.unit('第二支部', party.name);
  sec1 = await f.person('sec1', '王书记', branch1, 'secretary');
  com1 = await f.person('com1', '周委员', branch1, 'committee');
  mem1 = await f.person('mem1', '陈红', branch1, 'member');
  sec2 = await f.person('sec2', '孙书记', branch2, 'secretary');
});
afterEach(async () => {
  await f.close();
});

describe('canManage', () => {
  it('admins manage every unit, officers their own unit and below, nobody else anything', async () => {
    const tree = await f.tree();
    const all = [party, branch1, group1, branch2];
    const may = (s: Sender) => all.filter((u) => canManage(s, tree, u.id)).map((u) => u.name);
    expect(may(ADMIN)).toEqual(['泰山区某社区党委', '第一支部', '第一小组', '第二支部']);
    expect(may(sec1)).toEqual(['第一支部', '第一小组']);
    expect(may(com1)).toEqual(['第一支部', '第一小组']);
    expect(may(sec2)).toEqual(['第二支部']);
    expect(may(mem1)).toEqual([]);
    // An officer without a unit manages nothing; an unknown unit is nobody's but the admin's.
    expect(may({ ...sec1, member: { ...recordOf(sec1), unitId: null } })).toEqual([]);
    expect(canManage(sec1, tree, 'no-such-unit')).toBe(false);
    expect(canManage(ADMIN, tree, 'no-such-unit')).toBe(true);
  });

  it('requireManage refuses with the unit named', async () => {
    const tree = await f.tree();
    expect(() => requireManage(sec1, tree, group1)).not.toThrow();
    expect(await refusal(() => requireManage(sec1, tree, branch2))).toEqual({
      code: 'org.cannot_manage',
      params: { unitName: '第二支部' },
    });
  });
});

describe('roster and lookup scope', () => {
  it('the roster is visible to admins and to anyone whose unit contains it', async () => {
    const tree = await f.tree();
    expect(canSeeRoster(ADMIN, tree, party.id)).toBe(true);
    expect(canSeeRoster(sec1, tree, group1.id)).toBe(true);
    expect(canSeeRoster(sec1, tree, party.id)).toBe(false);
    expect(canSeeRoster(sec1, tree, branch2.id)).toBe(false);
  });

  it('admins look people up everywhere, others below their own unit', async () => {
    const tree = await f.tree();
    expect(lookupScope(ADMIN)).toBeNull();
    expect(lookupScope(sec1)).toBe(branch1.id);
    expect(withinScope(tree, recordOf(mem1), lookupScope(sec1))).toBe(true);
    expect(withinScope(tree, recordOf(sec2), lookupScope(sec1))).toBe(false);
    expect(withinScope(tree, recordOf(sec2), null)).toBe(true);
  });

  it('findMember sees only the scope, by name and by platform id alike', async () => {
    const tree = await f.tree();
    const db = f.t.store.db;
    const scope = lookupScope(sec1);
    expect((await findMember(db, tree, 'playground', { id: '', name: '@陈红' }, scope)).id).toBe(recordOf(mem1).id);
    // The hint names the closest person inside the scope (王书记), never the one outside it.
    expect(await refusal(() => findMember(db, tree, 'playground', { id: '', name: '孙书记' }, scope))).toEqual({
      code: 'org.member_not_found',
      params: { name: '孙书记', closest: '王书记' },
    });
    expect(await refusal(() => findMember(db, tree, 'playground', { id: 'sec2', name: '孙书记' }, scope))).toEqual({
      code: 'org.member_not_found',
      params: { name: '孙书记' },
    });
    expect((await findMember(db, tree, 'playground', { id: 'sec2', name: '孙书记' }, null)).id).toBe(recordOf(sec2).id);
    await f.person('mem1b', '陈红', group1, 'member');
    expect(await refusal(() => findMember(db, tree, 'playground', { id: '', name: '陈红' }, scope))).toEqual({
      code: 'org.member_ambiguous',
      params: { name: '陈红', count: 2 },
    });
  });
});
