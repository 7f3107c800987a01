import { describe, expect, it } from 'vitest';
import { DEFAULT_PART_OF_DAY, readTime, type ReadResult } from '../../../../src/command/zh-time.js';

const SH = 'Asia/Shanghai';
const NOW = new Date('2026-11-27T10:00:00+08:00'); // a Friday
const meeting = (text: string, now = NOW) => readTime(text, { now, timeZone: SH, purpose: 'meeting' });
const at = (iso: string) => new Date(iso).toISOString();
const ok = (r: ReadResult) => {
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r;
};

describe('readTime: the matched span and the rest', () => {
  it('cuts the time out of the message', () => {
    const r = ok(meeting('党员大会 下个月5号 三楼会议室'));
    expect(r.text).toBe('下个月5号');
    expect(r.rest).toBe('党员大会 三楼会议室');
    expect(ok(meeting('提醒我明天下午3点开会')).rest).toBe('提醒我 开会');
    expect(ok(meeting('明天下午3点')).rest).toBe('');
  });

  it('returns the original spelling of what it read', () => {
    expect(ok(meeting('明天　１５：００ 开会')).text).toBe('明天　１５：００');
    expect(ok(meeting('週五晚上7點半聚餐')).text).toBe('週五晚上7點半');
    expect(ok(meeting('聽日下晝3點')).text).toBe('聽日下晝3點');
  });

  it('reads the first time and skips what only looks like one', () => {
    const r = ok(meeting('1号楼一点都不冷，明天下午3点开会'));
    expect(r.text).toBe('明天下午3点');
    expect(r.start.toISOString()).toBe(at('2026-11-28T15:00:00+08:00'));
  });
});

describe('readTime: assumptions and defaults', () => {
  it('is certain only when nothing was assumed', () => {
    expect(ok(meeting('明天下午3点')).certain).toBe(true);
    const r = ok(meeting('明天下午'));
    expect(r.certain).toBe(false);
    expect(r.assumed).toEqual([{ kind: 'default_time', part: 'afternoon', hour: 15, minute: 0 }]);
  });

  it("uses the unit's own defaults for parts of day", () => {
    const defaults = { afternoon: { hour: 14, minute: 30 }, day: { hour: 8, minute: 0 } };
    const r = ok(readTime('明天下午', { now: NOW, timeZone: SH, purpose: 'meeting', defaults }));
    expect(r.start.toISOString()).toBe(at('2026-11-28T14:30:00+08:00'));
    const d = ok(readTime('下周三', { now: NOW, timeZone: SH, purpose: 'meeting', defaults }));
    expect(d.start.toISOString()).toBe(at('2026-12-02T08:00:00+08:00'));
    expect(DEFAULT_PART_OF_DAY.evening).toEqual({ hour: 19, minute: 30 });
  });

  it('says which week 下周 is when it crosses a month end or is said on a Sunday', () => {
    const sunday = new Date('2026-12-06T10:00:00+08:00');
    const r = ok(meeting('下周三下午3点', sunday));
    expect(r.start.toISOString()).toBe(at('2026-12-09T15:00:00+08:00'));
    expect(r.assumed).toEqual([
      { kind: 'week', monday: { year: 2026, month: 12, day: 7 }, sunday: { year: 2026, month: 12, day: 13 } },
    ]);
  });

  it('reads a bare hour 1–6 as the afternoon and says so', () => {
    const r = ok(meeting('三点'));
    expect(r.start.toISOString()).toBe(at('2026-11-27T15:00:00+08:00'));
    expect(r.assumed).toEqual([{ kind: 'afternoon', hour: 3 }]);
  });
});

describe('readTime: refusals carry what the answer needs', () => {
  it('past, with the instant understood', () => {
    const r = meeting('昨晚8点');
    expect(r).toMatchObject({ ok: false, reason: 'past', text: '昨晚8点' });
    if (!r.ok && r.reason === 'past') expect(r.params.start.toISOString()).toBe(at('2026-11-26T20:00:00+08:00'));
  });

  it('a month-day already past this year whose next one is too far is past, not next year', () => {
    const r = meeting('12月5日', new Date('2026-12-06T10:00:00+08:00'));
    expect(r).toMatchObject({ ok: false, reason: 'past' });
  });

  it('too far, with the limit', () => {
    const r = meeting('2027年6月1日');
    expect(r.ok).toBe(false);
    if (!r.ok && r.reason === 'too_far') expect(r.params.limit.toISOString()).toBe(at('2027-05-27T10:00:00+08:00'));
  });

  it('no such date or time', () => {
    expect(meeting('2月30日')).toMatchObject({ ok: false, reason: 'no_such_date', params: { month: 2, day: 30 } });
    expect(meeting('25点')).toMatchObject({ ok: false, reason: 'no_such_time', params: { hour: 25, minute: 0 } });
  });

  it('not a time', () => {
    for (const t of ['一点都不好', '零点五', '升高10点五度', '随便', '', '下午好']) {
      expect(meeting(t)).toEqual({ ok: false, reason: 'not_a_time', params: {} });
    }
  });

  it('ambiguous, with what is missing', () => {
    expect(meeting('下个月')).toMatchObject({ ok: false, reason: 'ambiguous', params: { what: 'no_day' } });
    expect(meeting('三天内')).toMatchObject({ ok: false, reason: 'ambiguous', params: { what: 'window' } });
    expect(meeting('每周三下午3点')).toMatchObject({ ok: false, reason: 'ambiguous', params: { what: 'repeat' } });
    expect(meeting('12月18日（周四）')).toMatchObject({ reason: 'ambiguous', params: { what: 'weekday_mismatch' } });
    expect(meeting('明天（周五）下午3点')).toMatchObject({ reason: 'ambiguous', params: { what: 'weekday_mismatch' } });
    expect(meeting('今天晚些时候')).toMatchObject({ reason: 'ambiguous', params: { what: 'vague' } });
  });
});

describe('readTime: purpose', () => {
  it('现在 is past for a meeting and now for a notice', () => {
    expect(meeting('现在')).toMatchObject({ ok: false, reason: 'past' });
    const r = ok(readTime('立即', { now: NOW, timeZone: SH, purpose: 'notice' }));
    expect(r.start.toISOString()).toBe(NOW.toISOString());
  });
});

describe('readTime: zones', () => {
  it('reads wall time in the unit zone, across DST', () => {
    const winter = new Date('2027-03-20T12:00:00Z');
    const london = ok(readTime('4月1日 15:00', { now: winter, timeZone: 'Europe/London', purpose: 'meeting' }));
    expect(london.start.toISOString()).toBe('2027-04-01T14:00:00.000Z');
    const ny = ok(readTime('明天下午3点', { now: NOW, timeZone: 'America/New_York', purpose: 'meeting' }));
    expect(ny.start.toISOString()).toBe('2026-11-27T20:00:00.000Z');
  });
});

describe('readTime: long input', () => {
  it('collapses whitespace and reads only short windows', () => {
    const text = `学习 于 a${' '.repeat(3000)}`;
    // How long it takes is the bench's business (npm run bench -- times, the 5 ms row), not a test's.
    expect(meeting(text)).toMatchObject({ ok: false, reason: 'not_a_time' });
    const r = ok(meeting(`${' '.repeat(3000)}明天下午3点 开会`));
    expect(r.text).toBe('明天下午3点');
    expect(r.rest).toBe('开会');
  });
});
