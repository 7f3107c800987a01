import { describe, expect, it } from 'vitest';
import { readTime } from '../../../../src/command/zh-time.js';
import { judge, loadCorpus, outcomeOf, SOURCES, wall } from './corpus.js';

const rows = loadCorpus();

describe('time corpus', () => {
  it('has at least 300 expressions from every source', () => {
    expect(rows.length).toBeGreaterThanOrEqual(300);
    for (const source of Object.keys(SOURCES))
      expect(
        rows.some((r) => r.source === source),
        source,
      ).toBe(true);
  });

  it.each(rows.map((r) => [`${r.source}:${r.line} [${r.kind}] ${r.text}`, r] as const))('%s', (_, row) => {
    const r = readTime(row.text, { now: row.now, timeZone: row.timeZone, purpose: row.purpose });
    const got = r.ok ? `${wall(r.start, row.timeZone)}${r.end ? `..${wall(r.end, row.timeZone)}` : ''}` : r.reason;
    expect(judge(row, outcomeOf(r)), `read as ${got}`).toBe(true);
    if (r.ok) {
      expect(r.assumed.map((a) => a.kind).sort()).toEqual([...row.assumed].sort());
      expect(r.certain).toBe(row.assumed.length === 0);
    }
  });
});
