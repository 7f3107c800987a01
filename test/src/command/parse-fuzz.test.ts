import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_COMMAND_CHARS, normalizeText, parseCommand } from '../../../src/command/parse.js';
import type { Mention } from '../../../src/message.js';
import { chatText, commandText, mentions, parseInput, toFullWidth } from '../../helpers/fuzz-inputs.js';

// A sample in every test run; bench/fuzz.ts runs 100k+ of the same generators and times them.
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const opts = { numRuns: RUNS, seed: SEED };

/** Characters the parser promises to drop: zero-width and bidi marks, BOM. */
const DROPPED = ['\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u2060', '\u2066', '\u2069', '\uFEFF', '\u202A', '\u202E'];
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/;

/** The mention lookup as first written (normalising every name for every token), as an oracle. */
function naiveMentions(args: string[], given: Mention[]): Mention[] {
  const out: Mention[] = [];
  const pool = [...given];
  for (const a of args) {
    if (!a.startsWith('@') || a.length < 2) continue;
    const i = pool.findIndex((m) => normalizeText(m.name) === a.slice(1));
    if (i >= 0) out.push(pool.splice(i, 1)[0]!);
    else out.push({ id: '', name: a.slice(1) });
  }
  for (const m of pool) if (!out.some((o) => o.id === m.id)) out.push(m);
  return out;
}

describe('parseCommand under fuzzing', () => {
  it('never throws, and gives a clean word and arguments or null', () => {
    fc.assert(
      fc.property(parseInput, ({ text, mentions: ms, mentionsBot }) => {
        const p = parseCommand(text, ms, mentionsBot);
        if (p === null) return;
        // A quoted first word may hold spaces ("' OR '"); it is then simply not a command.
        expect(p.word.length).toBeGreaterThan(0);
        expect(p.word).not.toMatch(INVISIBLE);
        for (const a of p.args) expect(a).not.toMatch(INVISIBLE);
        expect(p.rest.length).toBeLessThanOrEqual(MAX_COMMAND_CHARS);
        expect(p.mentions).toEqual(naiveMentions(p.args, ms));
      }),
      opts,
    );
  });

  it('normalising is idempotent', () => {
    fc.assert(
      fc.property(chatText, (text) => {
        const once = normalizeText(text);
        expect(normalizeText(once)).toBe(once);
      }),
      opts,
    );
  });

  it('full-width typing parses like half-width', () => {
    fc.assert(
      fc.property(commandText, mentions, (text, ms) => {
        expect(parseCommand(toFullWidth(text), ms)).toEqual(parseCommand(text, ms));
      }),
      opts,
    );
  });

  it('zero-width and bidi marks anywhere change nothing', () => {
    const withMarks = fc.tuple(chatText, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...DROPPED)), { minLength: 1, maxLength: 6 }));
    fc.assert(
      fc.property(withMarks, ([text, marks]) => {
        const chars = [...text];
        for (const [at, mark] of marks) chars.splice(at % (chars.length + 1), 0, mark);
        expect(parseCommand(chars.join(''))).toEqual(parseCommand(text));
      }),
      opts,
    );
  });

  it('a quoted command word leaves the same free text as an unquoted one', () => {
    const word = fc.constantFrom('通知', 'notice', '签到', '帮助');
    fc.assert(
      // Kept under the length limit, which the two quotes must not cross.
      fc.property(word, chatText.map((x) => x.slice(0, 1500)), fc.constantFrom('"', "'"), (w, text, q) => {
        expect(parseCommand(`${q}${w}${q} ${text}`)?.rest).toBe(parseCommand(`${w} ${text}`)?.rest);
      }),
      opts,
    );
  });

  it('parses 100 mentions and 1,200 "@name" tokens in well under a millisecond each', () => {
    const many = Array.from({ length: 100 }, (_, i) => ({ id: `u${i}`, name: `张三${i}` }));
    const text = `考勤 ${Array.from({ length: 1200 }, (_, i) => `@张三${i % 150}`).join(' ')}`.slice(0, MAX_COMMAND_CHARS);
    let best = Infinity;
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      parseCommand(text, many, true);
      best = Math.min(best, performance.now() - t0);
    }
    // Normalising every name for every token took ~45 ms here; a lookup map keeps it near 0.2 ms.
    expect(best).toBeLessThan(5);
  });
});
