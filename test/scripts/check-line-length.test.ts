import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/check-citations.js';
import { MAX_LINE_LENGTH, checkedFiles, lineLength, longLines, longLinesIn } from '../../scripts/check-line-length.js';

describe('line length of the sources', () => {
  it(`no line is longer than ${MAX_LINE_LENGTH} characters`, () => {
    const long = longLines().map((l) => `${l.file}:${l.line}: ${l.length}`);
    expect(long, `a line is longer than ${MAX_LINE_LENGTH} characters (npm run check:lines)`).toEqual([]);
  });

  it("is prettier's printWidth", () => {
    const prettier = JSON.parse(readFileSync(join(REPO_ROOT, '.prettierrc.json'), 'utf8')) as { printWidth: number };
    expect(MAX_LINE_LENGTH).toBe(prettier.printWidth);
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    expect(lineLength('abc')).toBe(3);
    expect(lineLength('先锋助手')).toBe(4);
    expect(lineLength('👍')).toBe(1);
    expect(lineLength('')).toBe(0);
  });

  it('reports each line over the limit with its number, and only those', () => {
    const text = ['x'.repeat(120), 'y'.repeat(121), '', `'${'签'.repeat(119)}'`, 'z'.repeat(120) + '\r'].join('\n');
    expect(longLinesIn('x.ts', text)).toEqual([
      { file: 'x.ts', line: 2, length: 121 },
      { file: 'x.ts', line: 4, length: 121 },
    ]);
    expect(longLinesIn('x.ts', text, 200)).toEqual([]);
  });

  it('reads the sources of every folder and the root, not migrations/', () => {
    const files = checkedFiles();
    for (const f of ['src/db/schema.ts', 'commands/index.ts', 'test/helpers/world.ts', 'vitest.config.ts']) {
      expect(files).toContain(f);
    }
    for (const top of ['src/', 'commands/', 'adapters/', 'test/', 'bench/', 'scripts/']) {
      expect(files.some((f) => f.startsWith(top))).toBe(true);
    }
    expect(files.filter((f) => f.startsWith('migrations/') || f.startsWith('node_modules/'))).toEqual([]);
  });
});
