// Reminder offsets as people read them, in meeting replies and in 提醒设置.

/** 1440 → '1 天', 90 → '1 小时 30 分钟', 15 → '15 分钟' (a space between a number and Chinese). */
export function formatOffset(min: number): string {
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  const parts = [d ? `${d} 天` : '', h ? `${h} 小时` : '', m ? `${m} 分钟` : ''].filter(Boolean);
  return parts.join(' ') || '0 分钟';
}
