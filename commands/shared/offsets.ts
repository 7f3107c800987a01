// Reminder offsets as people read them, in meeting replies and in 提醒设置.

/** 1440 → '1天', 90 → '1小时30分钟', 15 → '15分钟'. */
export function formatOffset(min: number): string {
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  return `${d ? `${d}天` : ''}${h ? `${h}小时` : ''}${m ? `${m}分钟` : ''}` || '0分钟';
}
