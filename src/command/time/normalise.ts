/**
 * Brings what people type to one spelling before the readers look at it: whitespace runs to one
 * space, full-width forms to ASCII (NFKC), traditional characters and Cantonese day words to
 * their simplified Mandarin forms. Every character remembers where it came from, so the matched
 * span can be cut out of the original text.
 */

/** Normalised text; from[i]..to[i] is the range of the original text that character i came from. */
export interface Mapped {
  text: string;
  from: number[];
  to: number[];
}

/** Traditional characters that occur in time expressions, with their simplified forms. */
const HANT: Record<string, string> = {
  點: '点',
  時: '时',
  週: '周',
  禮: '礼',
  後: '后',
  個: '个',
  鐘: '钟',
  號: '号',
  兩: '两',
  間: '间',
  晝: '昼',
  節: '节',
  慶: '庆',
  國: '国',
  兒: '儿',
  婦: '妇',
  勞: '劳',
  動: '动',
  軍: '军',
  黨: '党',
  師: '师',
  誕: '诞',
  聖: '圣',
  過: '过',
  內: '内',
  裡: '里',
  裏: '里',
  頭: '头',
  這: '这',
  來: '来',
  約: '约',
  許: '许',
  從: '从',
  陽: '阳',
  曆: '历',
  農: '农',
  聽: '听',
  尋: '寻',
  萬: '万',
  // 淩 is the usual traditional spelling of 凌 in 淩晨; 鍾 is written for 鐘 in 三點鍾.
  淩: '凌',
  鍾: '钟',
};

/** Cantonese and written-register day words, after HANT, with the Mandarin words the readers know. */
const WORDS: Array<[RegExp, string]> = [
  [/听日/g, '明天'],
  [/听晚/g, '明晚'],
  [/听朝/g, '明早'],
  [/[寻琴]日/g, '昨天'],
  [/[寻琴]晚/g, '昨晚'],
  [/今朝/g, '今早'],
  [/朝早/g, '早上'],
  [/[晏下]昼/g, '下午'],
  [/上昼/g, '上午'],
  [/(?:而|宜|依)家/g, '现在'],
  [/今个/g, '这个'],
  [/后日/g, '后天'],
  [/前日/g, '前天'],
  [/礼拜/g, '星期'],
  [/周周/g, '周'],
];

function fromText(text: string): Mapped {
  const m: Mapped = { text: '', from: [], to: [] };
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    // Whitespace runs (3,000 spaces after a command) become one space here, so nothing later scans them.
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0x3000 || c === 0xa0 || (c >= 0x2000 && c <= 0x200a)) {
      const start = i;
      while (i < text.length && /\s/.test(text[i]!)) i++;
      out += ' ';
      m.from.push(start);
      m.to.push(i);
      continue;
    }
    const len = c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    const ch = text.slice(i, i + len);
    const norm = c < 0x80 ? ch : (HANT[ch] ?? ch.normalize('NFKC'));
    out += norm;
    for (let k = 0; k < norm.length; k++) {
      m.from.push(i);
      m.to.push(i + len);
    }
    i += len;
  }
  m.text = out;
  return m;
}

/** Replaces every match of the global `re`; replaced characters map to the whole original match. */
export function rewrite(m: Mapped, re: RegExp, fn: string | ((g: RegExpExecArray) => string)): Mapped {
  re.lastIndex = 0;
  if (!re.test(m.text)) return m;
  re.lastIndex = 0;
  const out: Mapped = { text: '', from: [], to: [] };
  let last = 0;
  let text = '';
  for (const g of m.text.matchAll(re)) {
    const start = g.index;
    const end = start + g[0].length;
    if (end === start) continue;
    text += m.text.slice(last, start);
    for (let k = last; k < start; k++) {
      out.from.push(m.from[k]!);
      out.to.push(m.to[k]!);
    }
    const repl = typeof fn === 'string' ? fn : fn(g as RegExpExecArray);
    text += repl;
    for (let k = 0; k < repl.length; k++) {
      out.from.push(m.from[start]!);
      out.to.push(m.to[end - 1]!);
    }
    last = end;
  }
  out.text = text + m.text.slice(last);
  for (let k = last; k < m.text.length; k++) {
    out.from.push(m.from[k]!);
    out.to.push(m.to[k]!);
  }
  return out;
}

/** The normalised form of `text` that the readers see. */
export function normalise(text: string): Mapped {
  let m = fromText(text);
  for (const [re, word] of WORDS) m = rewrite(m, re, word);
  return m;
}

/** The range of the original text that normalised characters [start, end) came from. */
export function originalSpan(m: Mapped, start: number, end: number): [number, number] {
  return [m.from[start]!, m.to[end - 1]!];
}
