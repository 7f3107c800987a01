import { editDistance } from '../contracts/edit-distance.js';

/** Up to `limit` candidates close to `word`: small edit distance, or one contains the other. */
export function closest(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const w = word.toLowerCase();
  const len = [...w].length;
  const maxDistance = len <= 3 ? 1 : 2;
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    // The distance is at least the difference in length: a 2,000-character word is not measured
    // against every command name (that was 16 ms a message).
    const gap = Math.abs([...c].length - len);
    const d = gap > maxDistance ? gap : editDistance(w, c.toLowerCase());
    const contains = len >= 2 && (c.includes(w) || w.includes(c));
    if (d <= maxDistance || contains) scored.push({ c, d: contains ? Math.min(d, 1) : d });
  }
  return scored
    .sort((a, b) => a.d - b.d || a.c.length - b.c.length)
    .map((s) => s.c)
    .slice(0, limit);
}
