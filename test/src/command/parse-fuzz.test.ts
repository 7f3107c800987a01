import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_COMMAND_CHARS, parseCommand } from '../../../src/command/parse.js';
import type { Mention } from '../../../src/contracts/message.js';
import { chatText, commandText, mentions, parseInput, toFullWidth } from '../../helpers/fuzz-inputs.js';
import { parseProblems } from '../../helpers/fuzz-parse.js';

// A sample in every test run; bench/fuzz.ts runs 100k+ of the same generators and times them.
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const opts = { numRuns: RUNS, seed: SEED };

/** Characters the parser promises to drop: zero-width and bidi marks, BOM. */
const DROPPED = [
  '\u200B',
  '\u200C',
  '\u200D',
  '\u200E',
  '\u200F',
  '\u2060',
  '\u2066',
  '\u2069',
  '\uFEFF',
  '\u202A',
  '\u202E',
];

describe('parseCommand under fuzzing', () => {
  it('never throws, and gives a clean word and arguments (mentions as the naive lookup) or null', () => {
    fc.assert(
      fc.property(parseInput, (input) => {
        expect(parseProblems(input)).toEqual([]);
      }),
      opts,
    );
  });

  it('full-width typing parses like half-width (only the written form of free text keeps Chinese punctuation)', () => {
    // `written` keeps 「，：（）」 as typed by design (src/command/parse.ts writtenText).
    const parsed = (raw: string, ms: Mention[]) => {
      const p = parseCommand(raw, ms);
      return p && { ...p, written: undefined };
    };
    fc.assert(
      fc.property(commandText, mentions, (text, ms) => {
        expect(parsed(toFullWidth(text), ms)).toEqual(parsed(text, ms));
      }),
      opts,
    );
  });

  it('zero-width and bidi marks anywhere change nothing', () => {
    const withMarks = fc.tuple(
      chatText,
      fc.array(fc.tuple(fc.nat(), fc.constantFrom(...DROPPED)), { minLength: 1, maxLength: 6 }),
    );
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
      fc.property(
        word,
        chatText.map((x) => x.slice(0, 1500)),
        fc.constantFrom('"', "'"),
        (w, text, q) => {
          expect(parseCommand(`${q}${w}${q} ${text}`)?.rest).toBe(parseCommand(`${w} ${text}`)?.rest);
        },
      ),
      opts,
    );
  });

  it('parses 100 mentions and 1,200 "@name" tokens in well under a millisecond each', () => {
    const many = Array.from({ length: 100 }, (_, i) => ({ id: `u${i}`, name: `张三${i}` }));
    const text = `考勤 ${Array.from({ length: 1200 }, (_, i) => `@张三${i % 150}`).join(' ')}`.slice(
      0,
      MAX_COMMAND_CHARS,
    );
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
