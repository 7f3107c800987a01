/**
 * Where an answer glues an Arabic number, a time or an id (#12) to a Chinese character
 * (「15:00已取消」「通知 #1还有」「还差3」). Dates and clock words stay as Chinese writes them
 * (「12月9日」「2026年第4季度」「下午3点」); what is quoted 「…」 is what people type and is not looked at,
 * so 年月日号点时 after a number, 第周年月 before one and
 * ordinals (第1步) are allowed.
 */
const HAN = String.raw`\p{Script=Han}`;
const AFTER_OK = '年月日号点时';
const BEFORE_OK = '第周年月';
const GLUED = [
  new RegExp(String.raw`\d{1,2}:\d{2}${HAN}`, 'gu'),
  new RegExp(String.raw`${HAN}\d{1,2}:\d{2}`, 'gu'),
  new RegExp(String.raw`#\d+${HAN}`, 'gu'),
  new RegExp(String.raw`${HAN}#\d`, 'gu'),
  // An ordinal (第4季度, 第1步) is one word.
  new RegExp(String.raw`(?<!第\d*)\d(?![${AFTER_OK}])${HAN}`, 'gu'),
  new RegExp(String.raw`(?![${BEFORE_OK}])${HAN}\d`, 'gu'),
];

/** Each place in `text` where a number touches Chinese, with a few characters around it. */
export function gluedNumbers(answer: string): string[] {
  // What people type or wrote is quoted 「…」 and kept as it is (「提醒设置 1天」, a title).
  const text = answer.replace(/「[^」]*」/g, '「」');
  const out: string[] = [];
  for (const re of GLUED) {
    for (const m of text.matchAll(re)) {
      const from = Math.max(0, m.index - 6);
      out.push(text.slice(from, m.index + m[0].length + 6));
    }
  }
  return out;
}
