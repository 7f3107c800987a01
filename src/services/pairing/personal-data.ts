// The scanner that keeps personal data out of free text shown to many people (descriptions, areas,
// reasons, service notes, comments). Text is normalised first — full-width forms, Chinese numerals,
// separators between digits — so that "139.1234.5678", "一三九 一二三四 五六七八" and
// "七号楼二单元五零二" read as what they are; then phone, ID-number and address shapes are matched.
// Dates, times, hours and counts ("3月15日", "下午3点", "1.5小时", "第2小组", "3-5人") must pass:
// test/src/services/pairing/personal-data.test.ts holds both sides.

/** What a piece of free text looks like when it is refused as personal data. */
export type ScannedKind = 'id_number' | 'phone' | 'long_digits' | 'room';

const NUMERAL_DIGIT: ReadonlyMap<string, number> = new Map(
  [...'零〇○0一壹幺1二贰两2三叁3四肆4五伍5六陆6七柒7八捌8九玖9'.matchAll(/(\D+)(\d)/g)].flatMap(([, chars, d]) =>
    [...chars!].map((c) => [c, Number(d)] as const),
  ),
);
const NUMERAL_UNIT: ReadonlyMap<string, number> = new Map([
  ['十', 10],
  ['拾', 10],
  ['百', 100],
  ['佰', 100],
  ['千', 1000],
  ['仟', 1000],
]);
const NUMERAL_RUN = /[零〇○一壹幺二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟]+/g;

/**
 * A run of Chinese numerals as digits: read digit by digit when it has no 十/百/千 ("五零二" → 502,
 * "一三九…" → 139…), positionally when it has ("十二" → 12, "一百零二" → 102).
 */
function numeralRun(run: string): string {
  const chars = [...run];
  if (!chars.some((c) => NUMERAL_UNIT.has(c))) return chars.map((c) => NUMERAL_DIGIT.get(c)).join('');
  let total = 0;
  let current = 0;
  for (const c of chars) {
    const unit = NUMERAL_UNIT.get(c);
    if (unit === undefined) current = NUMERAL_DIGIT.get(c) ?? 0;
    else {
      total += (current || 1) * unit;
      current = 0;
    }
  }
  return String(total + current);
}

/** Full-width forms as ASCII, letters upper-cased, Chinese numerals as digits. */
export function normaliseNumerals(text: string): string {
  return text.normalize('NFKC').toUpperCase().replace(NUMERAL_RUN, numeralRun);
}

/** Characters people put between the digits of one number: "139 1234 5678", "139.1234.5678", "(0538)…". */
const SEP = '[\\s.\\-_·•()]';
/** A number written in groups; a trailing X is the check digit of an ID number. */
const GROUPED = new RegExp(`\\d+(?:${SEP}+\\d+)*(?:${SEP}*X(?![A-Z]))?`, 'g');
const SEPARATORS = new RegExp(`${SEP}+`);

const MOBILE = /(?<!\d)(?:86)?1[3-9]\d{9}(?!\d)/;
const LANDLINE = /(?<!\d)0\d{2,3}\d{7,8}(?!\d)/;
const ID_NUMBER = /(?<![\dA-Z])(?:\d{17}[\dX]|\d{15})(?![\dA-Z])/;
const LONG_DIGITS = /\d{7,}/;
/** The same shapes as a whole number, for groups joined into one. */
const WHOLE: readonly [RegExp, ScannedKind][] = [
  [/^(?:\d{17}[\dX]|\d{15})$/, 'id_number'],
  [/^(?:86)?1[3-9]\d{9}$/, 'phone'],
  [/^0\d{2,3}\d{7,8}$/, 'phone'],
];
/** The longest number looked for in groups (an 18-digit ID number), in digits. */
const MAX_GROUPED_DIGITS = 18;

/** A local phone number without its area code: "823 1234", "8231-2345" (not "2026 1234"). */
function isLocalNumber(groups: readonly string[]): boolean {
  if (groups.length !== 2) return false;
  const [first, second] = groups as [string, string];
  return /^[2-9]\d{2,3}$/.test(first) && !/^(19|20)\d\d$/.test(first) && /^\d{4}$/.test(second);
}

/**
 * The kind of personal data a number written in groups is ("139-1234-56-78", "3709 0219 5001 0112
 * 34", "823 1234"), taking every run of neighbouring groups as one number. Groups count only when
 * joined they are exactly a phone or ID number, so dates, times, decimals and ranges ("2026-12-01",
 * "14.30-16.30", "1.5", "3-5") never read as long numbers.
 */
function groupedKind(s: string): ScannedKind | null {
  for (const [run] of s.matchAll(GROUPED)) {
    const groups = run.split(SEPARATORS).filter(Boolean);
    if (isLocalNumber(groups)) return 'long_digits';
    for (let i = 0; i < groups.length - 1; i++) {
      let joined = groups[i]!;
      for (let j = i + 1; j < groups.length && joined.length < MAX_GROUPED_DIGITS; j++) {
        joined += groups[j];
        const hit = WHOLE.find(([re]) => re.test(joined));
        if (hit) return hit[1];
      }
    }
  }
  return null;
}

/** What follows a number that makes it a count, an age, an amount or a time, not a room. */
const NOT_COUNT =
  '(?!\\d|人|个|次|位|名|岁|元|块|天|周|月|年|日|点|分|时|小时|户|家|条|件|本|张|项|期|届|班|种|斤|份|趟|遍|:)';
const BUILDING = '(?:\\d+|[A-Z])';
/** Address shapes finer than a building: a unit, a floor with a room, a room, a house number. */
const ROOM_SHAPES: readonly RegExp[] = [
  // 7栋502, 3号楼2单元, 5号院3楼, 3#502, B座1203, 7号楼-502
  new RegExp(`${BUILDING}(?:号楼|号院|栋|幢|座|#楼?)-?\\d+${NOT_COUNT}`),
  // 2单元501, 二单元五零二
  new RegExp(`\\d+单元-?\\d+${NOT_COUNT}`),
  // 3楼302, 12层1203
  new RegExp(`\\d+(?:楼|层)-?\\d{3,4}${NOT_COUNT}`),
  // 502室, 1203房 (not 2室1厅, a flat's layout)
  /\d{2,5}(?:室|房|号房)(?!\d*厅)/,
  // 7-2-502, 3-1502 (building-unit-room; not 2026-12-01, not 3-5人)
  new RegExp(`(?<![\\d-])\\d{1,3}-\\d{1,2}-\\d{2,4}${NOT_COUNT}`),
  new RegExp(`(?<![\\d-])\\d{1,2}-[1-9]\\d{2,3}${NOT_COUNT}`),
  // 幸福路18号, 3弄12号, 东村3组15号
  /(?:路|街|巷|弄|胡同|村|组|队|屯)\d+号/,
];

/**
 * What personal data `text` seems to hold (an ID number, a phone number, a long number, an address
 * finer than a building), or null.
 */
export function personalDataIn(text: string): ScannedKind | null {
  const s = normaliseNumerals(text);
  if (ID_NUMBER.test(s)) return 'id_number';
  if (MOBILE.test(s) || LANDLINE.test(s)) return 'phone';
  const grouped = groupedKind(s);
  if (grouped) return grouped;
  if (LONG_DIGITS.test(s)) return 'long_digits';
  const compact = s.replace(/\s+/g, '');
  if (ROOM_SHAPES.some((re) => re.test(compact))) return 'room';
  return null;
}
