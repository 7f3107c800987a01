import { parseQuietHours } from '../../contracts/config/scheduler.js';
// Reading and writing reminder offsets as people type them (提醒设置 1天,2小时,10分钟).

const ZH_DIGIT: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** '3', '1.5', '三', '十五', '二十' → number; null otherwise. */
function amount(s: string): number | null {
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  if (s.length === 1 && s in ZH_DIGIT) return ZH_DIGIT[s]!;
  const m = /^([一二两三四五六七八九]?)十([一二三四五六七八九]?)$/.exec(s);
  return m ? (m[1] ? ZH_DIGIT[m[1]]! : 1) * 10 + (m[2] ? ZH_DIGIT[m[2]]! : 0) : null;
}

const UNIT_MIN: Record<string, number> = { 天: 1440, 日: 1440, d: 1440, 小时: 60, 个小时: 60, 钟头: 60, 个钟头: 60, h: 60, 分钟: 1, 分: 1, m: 1, min: 1 };

/** One offset: '1天', '2小时', '10分钟', '半小时', '1.5小时', '两个小时', '30m' → minutes; null otherwise. */
export function parseOffset(word: string): number | null {
  const w = word.normalize('NFKC').trim().toLowerCase();
  if (w === '半小时' || w === '半个小时') return 30;
  const g = /^(\d+(?:\.\d+)?|[零一二两三四五六七八九十]{1,3})\s*(天|日|个小时|小时|个钟头|钟头|分钟|分|min|d|h|m)(?:前)?$/.exec(w);
  if (!g) return null;
  const n = amount(g[1]!);
  if (n === null) return null;
  const min = Math.round(n * UNIT_MIN[g[2]!]!);
  return min >= 1 ? min : null;
}

/**
 * A list of offsets: '1天,2小时,10分钟' (commas, 、 or spaces). Returns them largest first without
 * repeats, or the word that could not be read.
 */
export function parseOffsets(text: string): { ok: true; offsetsMin: number[] } | { ok: false; bad: string } {
  const words = text.normalize('NFKC').split(/[,，、;；\s]+/).filter(Boolean);
  const out = new Set<number>();
  for (const w of words) {
    const min = parseOffset(w);
    if (min === null) return { ok: false, bad: w };
    out.add(min);
  }
  return { ok: true, offsetsMin: [...out].sort((a, b) => b - a) };
}

/** 1440 → '1天', 90 → '1小时30分钟', 15 → '15分钟'. */
export function formatOffset(min: number): string {
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  return `${d ? `${d}天` : ''}${h ? `${h}小时` : ''}${m ? `${m}分钟` : ''}` || '0分钟';
}

