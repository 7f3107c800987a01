/** Edit distance between two strings, by code point. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

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
