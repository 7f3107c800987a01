// The monthly amount of 党费, as 中组部's 2008 rules (中组发〔2008〕3号《关于中国共产党党费收缴、使用和
// 管理的规定》) set it; a pure function, table-tested in test/src/services/dues/tiers.test.ts.
//
// - 在职 (第一、二条): on the monthly after-tax regular wage — 3000元以下(含3000元) 0.5%; 3000元以上至
//   5000元(含) 1%; 5000元以上至10000元(含) 1.5%; 10000元以上 2%. The whole base takes the one rate
//   of its tier (not progressive brackets), so 3000.00 pays 15.00 and 3000.01 pays 30.00.
//   年薪制 and 个体 members use the same tiers on the month's pay or last quarter's average (第三、四条).
// - 离退休: on the pension actually received — 5000元以下(含) 0.5%, above 1%.
// - 学生, 下岗失业, 依靠抚恤或救济, 领取低保 (第六条): 0.2元 a month. 农民党员 pay 0.2–1元: the unit
//   chooses, as a fixed amount (kind fixed); so does a unit that lets a member in difficulty pay
//   less or nothing (本人申请, 党组织同意, 上一级党委批准).
// - The rules set no rounding. Money is kept in fen, so the amount is rounded half up to the fen
//   (4567.89 × 1% = 45.6789 → 45.68): the nearest amount that can be paid, never systematically low.

export type DuesKind = 'salary' | 'retiree' | 'low_income' | 'fixed';

export const DUES_KINDS: readonly DuesKind[] = ['salary', 'retiree', 'low_income', 'fixed'];

/** What a member's monthly amount follows: a base for salary and retiree, an amount for fixed. */
export type DuesBasis =
  { kind: 'salary' | 'retiree'; baseCents: number } | { kind: 'low_income' } | { kind: 'fixed'; fixedCents: number };

/** One tier: bases up to `upToCents` (inclusive; null = no upper bound) pay `rateBp` basis points. */
export interface Tier {
  upToCents: number | null;
  rateBp: number;
}

export const SALARY_TIERS: readonly Tier[] = [
  { upToCents: 300_000, rateBp: 50 },
  { upToCents: 500_000, rateBp: 100 },
  { upToCents: 1_000_000, rateBp: 150 },
  { upToCents: null, rateBp: 200 },
];

export const RETIREE_TIERS: readonly Tier[] = [
  { upToCents: 500_000, rateBp: 50 },
  { upToCents: null, rateBp: 100 },
];

/** 学生, 下岗失业, 低保 and 救济 members: 0.2元 a month (第六条). */
export const LOW_INCOME_CENTS = 20;

/** The largest base accepted, in fen (1,000,000元 a month): beyond it a typing mistake is likelier. */
export const MAX_BASE_CENTS = 100_000_000;
/** The largest fixed monthly amount accepted, in fen (10,000元). */
export const MAX_FIXED_CENTS = 1_000_000;

/** The rate a base falls under, in basis points (1% = 100). */
export function rateOf(tiers: readonly Tier[], baseCents: number): number {
  for (const t of tiers) if (t.upToCents === null || baseCents <= t.upToCents) return t.rateBp;
  return tiers.at(-1)!.rateBp;
}

/** base × rate in fen, rounded half up to the fen (integers only, so no floating-point drift). */
export function applyRate(baseCents: number, rateBp: number): number {
  return Math.floor((baseCents * rateBp + 5_000) / 10_000);
}

/** The monthly amount in fen. */
export function monthlyDueCents(basis: DuesBasis): number {
  switch (basis.kind) {
    case 'salary':
      return applyRate(basis.baseCents, rateOf(SALARY_TIERS, basis.baseCents));
    case 'retiree':
      return applyRate(basis.baseCents, rateOf(RETIREE_TIERS, basis.baseCents));
    case 'low_income':
      return LOW_INCOME_CENTS;
    case 'fixed':
      return basis.fixedCents;
  }
}

/** "62.00" from 6200 fen. */
export function yuan(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const a = Math.abs(cents);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
