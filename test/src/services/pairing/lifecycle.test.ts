import { describe, expect, it } from 'vitest';
import { STATUS_LABEL, transitionRefusalText } from '../../../../commands/pairing/texts.js';
import {
  NEED_EVENTS,
  NEED_STATUSES,
  nextEvents,
  transition,
  type Actor,
  type NeedEvent,
  type NeedStatus,
} from '../../../../src/services/pairing/lifecycle.js';

/**
 * The allowed transitions, written out by hand (not derived from TRANSITIONS), so a change to the
 * table that is not also made here fails. "from event actor → to".
 */
const ALLOWED = `
open assign officer → assigned
assigned accept volunteer → accepted
accepted log volunteer → in_service
accepted log officer → in_service
in_service log volunteer → in_service
in_service log officer → in_service
in_service rate officer → rated
rated close officer → closed
assigned release officer → open
assigned release volunteer → open
accepted release officer → open
accepted release volunteer → open
in_service release officer → open
in_service release volunteer → open
rated release officer → open
`;

const allowed = new Map<string, NeedStatus>();
for (const line of ALLOWED.trim().split('\n')) {
  const [key, to] = line.split(' → ');
  allowed.set(key!, to as NeedStatus);
}

const ACTORS: Actor[] = ['officer', 'volunteer'];
const cases = NEED_STATUSES.flatMap((from) =>
  NEED_EVENTS.flatMap((event) => ACTORS.map((actor) => ({ from, event, actor }))),
);

describe('need lifecycle transition table', () => {
  it('covers all 72 (state, event, actor) combinations', () => {
    expect(cases).toHaveLength(6 * 6 * 2);
  });

  it.each(cases.filter((c) => allowed.has(`${c.from} ${c.event} ${c.actor}`)))(
    'allows $from --$event/$actor-->',
    ({ from, event, actor }) => {
      expect(transition(from, event, actor)).toEqual({ ok: true, to: allowed.get(`${from} ${event} ${actor}`) });
    },
  );

  it.each(cases.filter((c) => !allowed.has(`${c.from} ${c.event} ${c.actor}`)))(
    'refuses $from --$event/$actor-->',
    ({ from, event, actor }) => {
      const r = transition(from, event, actor);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      const someoneElseMay = ACTORS.some((a) => allowed.has(`${from} ${event} ${a}`));
      if (someoneElseMay) {
        // The state is right but the person is not: the answer says who may.
        expect(r.reason).toBe('actor');
        expect(transitionRefusalText(r)).toMatch(/只能由(书记或委员|接单的志愿者)/);
      } else {
        // The answer names the current state.
        expect(r.reason).toBe('state');
        expect(transitionRefusalText(r)).toContain(`当前状态是「${STATUS_LABEL[from]}」`);
      }
    },
  );

  it('says what is possible next, and that a closed need is final', () => {
    const r = transition('open', 'accept', 'volunteer');
    expect(!r.ok && transitionRefusalText(r)).toBe('当前状态是「待派单」，不能接单。');
    const officer = transition('open', 'rate', 'officer');
    expect(!officer.ok && transitionRefusalText(officer)).toBe('当前状态是「待派单」，不能评价。现在可以「派单」。');
    const closed = transition('closed', 'release', 'officer');
    expect(!closed.ok && transitionRefusalText(closed)).toContain('已结案的需求不能再操作');
    expect(nextEvents('in_service', 'volunteer')).toEqual(['log', 'release']);
    expect(nextEvents('closed', 'officer')).toEqual([]);
  });

  it('every status is reachable from open and every non-closed status can get back to open', () => {
    const reach = (start: NeedStatus) => {
      const seen = new Set<NeedStatus>([start]);
      for (let grew = true; grew;) {
        grew = false;
        for (const s of [...seen])
          for (const e of NEED_EVENTS as readonly NeedEvent[])
            for (const a of ACTORS) {
              const r = transition(s, e, a);
              if (r.ok && !seen.has(r.to)) (seen.add(r.to), (grew = true));
            }
      }
      return seen;
    };
    expect([...reach('open')].sort()).toEqual([...NEED_STATUSES].sort());
    for (const s of NEED_STATUSES.filter((x) => x !== 'closed')) expect(reach(s).has('open')).toBe(true);
    expect([...reach('closed')]).toEqual(['closed']);
  });
});
