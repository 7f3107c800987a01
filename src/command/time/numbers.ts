/** Numbers as people write them in times: '7', '07', '七', '十二', '二十八', '廿一', '两', '二零二六'. */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** A regex fragment for a number 0–99 in digits or Chinese numerals (no capture group). */
export const NUM = '(?:\\d{1,2}(?!\\d)|[零〇一二两三四五六七八九十廿]{1,3})';

/** Parses 0–99 in digits or Chinese numerals ('十' 10, '十五' 15, '二十' 20, '零九' 9); null otherwise. */
export function zhNum(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  const t = s.replace('廿', '二十');
  if (/^[零〇][一二三四五六七八九]$/.test(t)) return DIGITS[t[1]!]!;
  const parts = t.split('十');
  if (parts.length > 2) return null;
  if (parts.length === 1) return t.length === 1 ? (DIGITS[t] ?? null) : null;
  const [tens, ones] = parts as [string, string];
  const ten = tens === '' ? 1 : tens.length === 1 ? DIGITS[tens] : undefined;
  const one = ones === '' ? 0 : ones.length === 1 ? DIGITS[ones] : undefined;
  if (ten === undefined || one === undefined || ten === 0) return null;
  return ten * 10 + one;
}

/** A year of 4 or 2 digits, in digits or numerals written digit by digit ('二零二六', '零七'); else null. */
export function zhYear(s: string): number | null {
  const digits = /^\d+$/.test(s)
    ? s
    : /^[零〇一二三四五六七八九]+$/.test(s)
      ? [...s].map((c) => DIGITS[c]).join('')
      : '';
  if (digits.length === 4) return Number(digits);
  // Two-digit years: 「15年」 2015, 「98年」 1998, as people write them.
  if (digits.length === 2) return Number(digits) <= 50 ? 2000 + Number(digits) : 1900 + Number(digits);
  return null;
}
