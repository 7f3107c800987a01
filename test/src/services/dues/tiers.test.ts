import { describe, expect, it } from 'vitest';
import {
  applyRate,
  LOW_INCOME_CENTS,
  monthlyDueCents,
  yuan,
  type DuesBasis,
} from '../../../../src/services/dues/tiers.js';

const salary = (yuanBase: number): DuesBasis => ({ kind: 'salary', baseCents: Math.round(yuanBase * 100) });
const retiree = (yuanBase: number): DuesBasis => ({ kind: 'retiree', baseCents: Math.round(yuanBase * 100) });

// [basis, monthly amount in yuan as shown], from the tiers of 中组发〔2008〕3号 (src/services/dues/tiers.ts).
const CASES: [string, DuesBasis, string][] = [
  ['在职 0.01 元', salary(0.01), '0.00'],
  ['在职 1000', salary(1000), '5.00'],
  ['在职 2999.99 (0.5%)', salary(2999.99), '15.00'],
  ['在职 3000 含 (0.5%)', salary(3000), '15.00'],
  ['在职 3000.01 (1%)', salary(3000.01), '30.00'],
  ['在职 4567.89 rounds half up to the fen', salary(4567.89), '45.68'],
  ['在职 5000 含 (1%)', salary(5000), '50.00'],
  ['在职 5000.01 (1.5%)', salary(5000.01), '75.00'],
  ['在职 6200', salary(6200), '93.00'],
  ['在职 10000 含 (1.5%)', salary(10000), '150.00'],
  ['在职 10000.01 (2%)', salary(10000.01), '200.00'],
  ['在职 25000', salary(25000), '500.00'],
  ['在职 3333.33 × 1% = 33.3333', salary(3333.33), '33.33'],
  ['在职 3050.50 × 1% = 30.505 → half up', salary(3050.5), '30.51'],
  ['退休 2000', retiree(2000), '10.00'],
  ['退休 5000 含 (0.5%)', retiree(5000), '25.00'],
  ['退休 5000.01 (1%)', retiree(5000.01), '50.00'],
  ['退休 12000 (still 1%: no higher retiree tier)', retiree(12000), '120.00'],
  ['学生 / 失业 / 低保: 0.2 元', { kind: 'low_income' }, '0.20'],
  ['固定 1 元 (农民, unit decision)', { kind: 'fixed', fixedCents: 100 }, '1.00'],
  ['固定 0 (免交 approved)', { kind: 'fixed', fixedCents: 0 }, '0.00'],
];

describe('monthly 党费 by tier', () => {
  it.each(CASES)('%s', (_name, basis, expected) => {
    expect(yuan(monthlyDueCents(basis))).toBe(expected);
  });

  it('the whole base takes its tier’s one rate (no progressive brackets): a cliff at each boundary', () => {
    expect(monthlyDueCents(salary(3000.01)) - monthlyDueCents(salary(3000))).toBe(1500);
    expect(monthlyDueCents(salary(5000.01)) - monthlyDueCents(salary(5000))).toBe(2500);
    expect(monthlyDueCents(salary(10000.01)) - monthlyDueCents(salary(10000))).toBe(5000);
  });

  it('rounds half up in integers: no floating-point drift on large bases', () => {
    expect(applyRate(99_999_999, 200)).toBe(2_000_000);
    expect(applyRate(1, 50)).toBe(0);
    expect(applyRate(100, 50)).toBe(1); // 0.5 fen → 1 fen
    expect(LOW_INCOME_CENTS).toBe(20);
  });
});
