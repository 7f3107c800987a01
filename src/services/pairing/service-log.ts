import { serviceLogs } from '../../db/schema.js';
import type { Work } from '../../contracts/work.js';

/** Longest single service entry, in hours. */
export const MAX_SERVICE_HOURS = 24;
export const MAX_SERVICE_CONTENT_CHARS = 200;

const ZH: Record<string, number> = { 半: 0.5, 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
const NUM = '(\\d+(?:\\.\\d+)?|[一两二三四五六七八九十])';

function num(s: string | undefined): number {
  if (!s) return 0;
  return /^\d/.test(s) ? Number(s) : (ZH[s] ?? NaN);
}

/**
 * Reads a duration in hours: "1.5小时", "1.5h", "90分钟", "1小时30分", "半小时", "一个半小时",
 * "两小时", or a bare number of hours ("2"). Null when it is not a duration or out of range.
 */
export function parseHours(text: string): number | null {
  const s = text.normalize('NFKC').trim().toLowerCase();
  let hours: number | null = null;
  if (/^半(个)?(小时|钟头)$/.test(s)) hours = 0.5;
  let g = new RegExp(`^${NUM}个半(小时|钟头)$`).exec(s);
  if (hours === null && g) hours = num(g[1]) + 0.5;
  g = new RegExp(`^(?:${NUM}\\s*(?:个)?(?:小时|钟头|h|hr|hrs|hours?))?\\s*(?:${NUM}\\s*(?:分钟|分|min|mins|minutes?|m))?$`).exec(s);
  if (hours === null && g && (g[1] || g[2])) hours = num(g[1]) + num(g[2]) / 60;
  if (hours === null && /^\d+(\.\d+)?$/.test(s)) hours = Number(s);
  if (hours === null || !Number.isFinite(hours) || hours <= 0 || hours > MAX_SERVICE_HOURS) return null;
  return Math.round(hours * 100) / 100;
}

/** "1.5 小时" */
export function formatHours(h: number): string {
  return `${Number(h.toFixed(2))} 小时`;
}

/** Records one visit (the caller moves the need's state and last visit in the same batch). */
export function addServiceLog(work: Work, entry: { needId: number; volunteerId: string; hours: number; content: string; loggedBy: string }): void {
  work.write(work.db.insert(serviceLogs).values({ ...entry, at: work.now.getTime() }));
}
