import { editDistance } from '../../contracts/edit-distance.js';

/**
 * The one existing name a mistyped one most likely meant, for 「找不到…，是不是「…」？」: a name that
 * begins with what was typed or contains it, the shortest (泰山区某社区 → 泰山区某社区党委), else one within a
 * small edit distance (a third of the length: 第一支布 → 第一支部; none for two-character names,
 * where one character apart is another person). Undefined when nothing is close or two are
 * equally close, so a hint never guesses between people.
 */
export function nearestName(typed: string, names: Iterable<string>): string | undefined {
  const t = typed.trim();
  const len = [...t].length;
  if (len < 2) return undefined;
  const maxDistance = Math.floor(len / 3);
  let best: { name: string; score: number } | undefined;
  let tie = false;
  for (const name of new Set(names)) {
    if (name === t) continue;
    // Among names that begin with or contain what was typed, the shortest: 泰山区某社区 is more
    // likely 泰山区某社区党委 than 泰山区某社区第一支部.
    const extra = [...name].length - len;
    const score = name.startsWith(t) ? extra : name.includes(t) ? 1000 + extra : distanceScore(t, name, maxDistance);
    if (score === null) continue;
    if (!best || score < best.score) {
      best = { name, score };
      tie = false;
    } else if (score === best.score) tie = true;
  }
  return best && !tie ? best.name : undefined;
}

/** Ranked after every containing name: 2000 + the distance when within `max` (others are not measured). */
function distanceScore(typed: string, name: string, max: number): number | null {
  if (max === 0 || Math.abs([...name].length - [...typed].length) > max) return null;
  const d = editDistance(typed, name);
  return d <= max ? 2000 + d : null;
}
