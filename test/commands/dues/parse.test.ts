import { describe, expect, it } from 'vitest';
import { parseMonthSpec, parseStartMonth, resolveMonths, resolveStart } from '../../../commands/dues/parse.js';
import { parsePeriod } from '../../../commands/dues/export.js';

// [typed, this month, the months it names] — a month without a year is within 10 months back or 1 ahead.
const SPANS: [string, number, number[] | null][] = [
  ['12月', 202612, [202612]],
  ['1月', 202612, [202701]],
  ['5月', 202612, [202605]],
  ['2月', 202612, [202602]],
  ['12月', 202701, [202612]],
  ['2月', 202701, [202702]],
  ['2026年11月', 202612, [202611]],
  ['2026-11', 202612, [202611]],
  ['本月', 202612, [202612]],
  ['上月', 202701, [202612]],
  ['下个月', 202612, [202701]],
  ['10-12月', 202612, [202610, 202611, 202612]],
  ['10月-12月', 202612, [202610, 202611, 202612]],
  ['10至12月', 202612, [202610, 202611, 202612]],
  ['11月-1月', 202612, [202611, 202612, 202701]],
  ['11-1月', 202701, [202611, 202612, 202701]],
  ['7-9月', 202612, [202607, 202608, 202609]],
  ['2026年10-12月', 202701, [202610, 202611, 202612]],
  ['2026年10月-2027年1月', 202612, [202610, 202611, 202612, 202701]],
  ['本季度', 202611, [202610, 202611, 202612]],
  ['上季度', 202701, [202610, 202611, 202612]],
  ['2026Q4', 202701, [202610, 202611, 202612]],
  ['１２月', 202612, [202612]],
  ['12', 202612, null],
  ['62', 202612, null],
  ['13月', 202612, null],
  ['0月', 202612, null],
  ['十二月', 202612, null],
];

describe('months as typed in 交党费 and 党费', () => {
  it.each(SPANS)('%s in %d', (typed, now, expected) => {
    const spec = parseMonthSpec(typed);
    expect(spec ? resolveMonths(spec, now) : null).toEqual(expected);
  });

  it('a span written backwards names no month', () => {
    expect(resolveMonths(parseMonthSpec('2026年12月-2026年10月')!, 202612)).toEqual([]);
  });

  it.each([
    ['从12月15日', 202612, 202612],
    ['12月15日', 202701, 202612],
    ['2026-11-15', 202612, 202611],
    ['从2026年10月', 202612, 202610],
    ['11月起', 202612, 202611],
    ['从 下月', 202612, 202701],
  ])('the start %s in %d is %d', (typed, now, month) => {
    expect(resolveStart(parseStartMonth(typed)!, now)).toBe(month);
  });

  it('periods of 党费导出', () => {
    expect(parsePeriod('本季度', 202611)).toEqual({ kind: 'quarter', year: 2026, quarter: 4 });
    expect(parsePeriod('上季度', 202601)).toEqual({ kind: 'quarter', year: 2025, quarter: 4 });
    expect(parsePeriod('2026年第3季度', 202612)).toEqual({ kind: 'quarter', year: 2026, quarter: 3 });
    expect(parsePeriod('本年度', 202612)).toEqual({ kind: 'year', year: 2026 });
    expect(parsePeriod('去年', 202601)).toEqual({ kind: 'year', year: 2025 });
    expect(parsePeriod('2025年度', 202612)).toEqual({ kind: 'year', year: 2025 });
    expect(parsePeriod('明年', 202612)).toBeNull();
  });
});
