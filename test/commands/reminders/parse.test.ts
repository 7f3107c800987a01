import { describe, expect, it } from 'vitest';
import { CommandError } from '../../../src/command/errors.js';
import { parseQuietHours } from '../../../src/contracts/config/scheduler.js';
import { parseChange, parseOffset, parseOffsets, unitOption } from '../../../commands/reminders/parse.js';
import { formatOffset } from '../../../commands/reminders/texts.js';

const AT = { now: new Date('2026-12-01T02:00:00Z'), timeZone: 'Asia/Shanghai' };

describe('提醒设置 words', () => {
  it('reads offsets and quiet hours as people write them', () => {
    expect(parseOffsets('1天,2小时,10分钟')).toEqual({ ok: true, offsetsMin: [1440, 120, 10] });
    expect(parseOffsets('两小时 半小时 1.5小时 三十分钟 2h')).toEqual({ ok: true, offsetsMin: [120, 90, 30] });
    expect(parseOffsets('1天，3周')).toEqual({ ok: false, bad: '3周' });
    expect(parseQuietHours('22点-7点')).toEqual({ startMin: 1320, endMin: 420 });
    expect(parseQuietHours('23:30至06:15')).toEqual({ startMin: 1410, endMin: 375 });
    expect(parseQuietHours('7:00-7:00')).toBeNull();
    expect(parseQuietHours('25:00-7:00')).toBeNull();
  });
  it('reads words that name object properties as nothing, not as a value', () => {
    for (const w of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'constructor天', '__proto__分钟']) {
      expect(parseOffset(w)).toBeNull();
    }
    expect(parseOffsets('1天 constructor')).toEqual({ ok: false, bad: 'constructor' });
    expect(() => parseChange(['__proto__'], AT)).toThrow(CommandError);
  });

  it('reads a change: offsets, quiet hours (spaces allowed), back to the defaults; 组织:名称 anywhere', () => {
    expect(parseChange(['1天,2小时'], AT)).toEqual({ offsetsMin: [1440, 120] });
    expect(parseChange(['免打扰', '22:00', '-', '7:00'], AT)).toEqual({ quiet: { startMin: 1320, endMin: 420 } });
    expect(parseChange(['免打扰', '关'], AT)).toEqual({ quiet: 'off' });
    expect(parseChange(['免打扰', '默认'], AT)).toEqual({ quiet: null });
    expect(parseChange(['恢复默认'], AT)).toEqual({ offsetsMin: null, quiet: null });
    expect(unitOption(['组织:某党委', '30分钟', '单位：别的'])).toEqual({ unitName: '某党委', rest: ['30分钟'] });
    expect(unitOption(['30分钟'])).toEqual({ unitName: null, rest: ['30分钟'] });
  });

  it('formats minutes back as people write them', () => {
    expect([1440, 90, 15, 0, 10080].map(formatOffset)).toEqual(['1 天', '1 小时 30 分钟', '15 分钟', '0 分钟', '7 天']);
  });
});
