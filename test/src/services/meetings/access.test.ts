import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../src/contracts/errors.js';
import { checkChat, checkManager, requireMemberRecord, unitOfChat } from '../../../../src/services/meetings/access.js';
import { checkinRefusal } from '../../../../src/services/meetings/checkin.js';
import type { Sender } from '../../../../src/services/org/identity.js';
import { UnitTree } from '../../../../src/services/org/units.js';

const ZONE = 'Asia/Shanghai';
const tree = new UnitTree([
  { id: 'c', name: '社区党委', type: 'committee', parentId: null, timeZone: ZONE },
  { id: 'b1', name: '第一支部', type: 'branch', parentId: 'c', timeZone: ZONE },
  { id: 'b2', name: '第二支部', type: 'branch', parentId: 'c', timeZone: ZONE },
]);
const secretary: Sender = {
  platform: 'playground',
  userId: 'sec',
  name: '王书记',
  role: 'secretary',
  member: { id: 'm-sec', name: '王书记', unitId: 'b1', role: 'secretary', partyStatus: 'formal', isAdmin: false },
};
const stranger: Sender = { platform: 'playground', userId: 'x', name: 'x', role: 'stranger', member: null };
const group = (boundUnitId: string | null) => ({ group: true, boundUnitId });
const direct = { group: false, boundUnitId: null };

/** The code and parameters a call refuses with. */
function refusal(f: () => unknown): { code: string; params: object } {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, params: e.params };
    throw e;
  }
  throw new Error('no refusal');
}

describe('meeting policy', () => {
  it('finds the unit a chat speaks for, or says why there is none', () => {
    expect(unitOfChat(tree, secretary, group('b2')).id).toBe('b2');
    expect(unitOfChat(tree, secretary, direct).id).toBe('b1');
    expect(refusal(() => unitOfChat(tree, secretary, group(null))).code).toBe('meeting.chat_unbound');
    expect(refusal(() => unitOfChat(tree, stranger, direct)).code).toBe('meeting.no_unit');
  });

  it('handles a meeting only from its own or a covered unit’s group, and lets only its officers manage it', () => {
    const lecture = { id: 7, unitId: 'c', type: 'lecture' as const };
    const own = { id: 8, unitId: 'b2', type: 'committee_meeting' as const };
    expect(() => checkChat(tree, group('b1'), lecture)).not.toThrow();
    expect(() => checkChat(tree, direct, own)).not.toThrow();
    expect(refusal(() => checkChat(tree, group('b1'), own))).toEqual({
      code: 'meeting.other_chat',
      params: { id: 8, owner: '第二支部', bound: '第一支部' },
    });
    expect(refusal(() => checkChat(tree, group(null), own))).toEqual({
      code: 'meeting.unbound_chat',
      params: { id: 8, owner: '第二支部' },
    });
    expect(refusal(() => checkManager(tree, secretary, direct, own))).toEqual({
      code: 'meeting.not_manager',
      params: { id: 8, owner: '第二支部' },
    });
    expect(refusal(() => requireMemberRecord(stranger)).code).toBe('meeting.no_member');
  });

  it('refuses a check-in outside the window with the instants that explain it', () => {
    const window = {
      id: 3,
      unitId: 'b1',
      type: 'lecture' as const,
      title: '党课',
      status: 'scheduled' as const,
      codeSecret: null,
      startsAt: Date.parse('2026-12-01T07:00:00Z'),
      opensBeforeMin: 30,
      closesAfterMin: 30,
    };
    expect(checkinRefusal(window, new Date('2026-12-01T06:45:00Z'), ZONE)).toBeNull();
    expect(checkinRefusal(window, new Date('2026-12-01T06:00:00Z'), ZONE)).toMatchObject({
      code: 'checkin.not_open',
      params: { id: 3, opensAt: Date.parse('2026-12-01T06:30:00Z'), startsAt: window.startsAt, zone: ZONE },
    });
    const late = new Date('2026-12-01T08:00:00Z');
    expect(checkinRefusal(window, late, ZONE)).toMatchObject({ code: 'checkin.closed' });
    expect(checkinRefusal(window, late, ZONE, true)).toBeNull();
    expect(checkinRefusal({ ...window, status: 'cancelled' }, late, ZONE)).toMatchObject({ code: 'meeting.cancelled' });
  });
});
