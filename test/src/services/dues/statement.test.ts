import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../src/contracts/errors.js';
import { monthsBehind, planPayment, statement, type BasisVersion } from '../../../../src/services/dues/statement.js';

const salary = (yuan: number, fromMonth: number): BasisVersion => ({
  fromMonth,
  basis: { kind: 'salary', baseCents: yuan * 100 },
});
const paidMap = (entries: [number, number][]) => new Map(entries);

function refusal(fn: () => unknown): { code: string; params: object } {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, params: err.params };
    throw err;
  }
  throw new Error('no refusal');
}

describe('what a member owes, month by month', () => {
  it('预备党员 accepted mid-month (12月15日) owe the whole of December, nothing before', () => {
    // The first basis is set from the month of the 支部大会 that accepted them (commands read 12月15日 as 202612).
    const history = [salary(4000, 202612)];
    const lines = statement(history, new Map(), 202610, 202701);
    expect(lines.map((l) => [l.month, l.dueCents])).toEqual([
      [202612, 4000],
      [202701, 4000],
    ]);
    expect(refusal(() => planPayment('小刘', history, new Map(), [202611], null))).toEqual({
      code: 'dues.before_start',
      params: { name: '小刘', start: 202612, months: [202611] },
    });
  });

  it('a raise applies from the month it is recorded for; a retroactive one leaves old months short', () => {
    const history = [salary(6000, 202607), salary(11000, 202611)];
    const lines = statement(
      history,
      paidMap([
        [202610, 9000],
        [202611, 15000],
      ]),
      202609,
      202612,
    );
    expect(lines.map((l) => [l.month, l.dueCents, l.paidCents, l.state])).toEqual([
      [202609, 9000, 0, 'unpaid'],
      [202610, 9000, 9000, 'paid'],
      [202611, 22000, 15000, 'short'],
      [202612, 22000, 0, 'unpaid'],
    ]);
  });

  it('of two rows for the same month the one set last applies (a corrected base)', () => {
    const lines = statement([salary(6200, 202612), salary(5200, 202612)], new Map(), 202612, 202612);
    expect(lines[0]!.dueCents).toBe(7800);
  });

  it('counts months unpaid in a row back from the last month (part payments break the run)', () => {
    const history = [salary(4000, 202601)];
    const run = (paid: [number, number][]) => monthsBehind(statement(history, paidMap(paid), 202601, 202612));
    expect(run([])).toBe(12);
    expect(run([[202609, 4000]])).toBe(3);
    expect(run([[202606, 4000]])).toBe(6);
    expect(run([[202612, 100]])).toBe(0);
    expect(run([[202611, 100]])).toBe(1);
  });
});

describe('splitting a payment over months (交党费)', () => {
  const history = [salary(6200, 202607)];

  it('a quarter without an amount pays each month its due', () => {
    expect(planPayment('张三', history, new Map(), [202610, 202611, 202612], null)).toEqual([
      { month: 202610, cents: 9300 },
      { month: 202611, cents: 9300 },
      { month: 202612, cents: 9300 },
    ]);
  });

  it('a quarter with an amount must cover it; more is 自愿多交 on the last month', () => {
    expect(planPayment('张三', history, new Map(), [202610, 202611, 202612], 30000)).toEqual([
      { month: 202610, cents: 9300 },
      { month: 202611, cents: 9300 },
      { month: 202612, cents: 11400 },
    ]);
    expect(refusal(() => planPayment('张三', history, new Map(), [202610, 202611, 202612], 27000))).toEqual({
      code: 'dues.amount_short',
      params: { neededCents: 27900, givenCents: 27000 },
    });
  });

  it('补交 of past months pays what they still owe, a part-paid month its remainder', () => {
    const paid = paidMap([[202608, 5000]]);
    expect(planPayment('张三', history, paid, [202607, 202608, 202609], null)).toEqual([
      { month: 202607, cents: 9300 },
      { month: 202608, cents: 4300 },
      { month: 202609, cents: 9300 },
    ]);
  });

  it('one month with an amount takes it as given, even below the due (it stays short)', () => {
    expect(planPayment('张三', history, new Map(), [202612], 6200)).toEqual([{ month: 202612, cents: 6200 }]);
  });

  it('refuses months already paid, and a member without a basis', () => {
    expect(refusal(() => planPayment('张三', history, paidMap([[202611, 9300]]), [202611, 202612], null))).toEqual({
      code: 'dues.already_paid',
      params: { name: '张三', months: [202611] },
    });
    expect(refusal(() => planPayment('李四', [], new Map(), [202612], null)).code).toBe('dues.no_basis');
    expect(
      refusal(() =>
        planPayment(
          '王五',
          [{ fromMonth: 202601, basis: { kind: 'fixed', fixedCents: 0 } }],
          new Map(),
          [202612],
          null,
        ),
      ).code,
    ).toBe('dues.already_paid');
  });
});
