// `npm run check:lines`: no line of a TypeScript or JavaScript source is longer than MAX_LINE_LENGTH
// characters. Prettier (printWidth 120) wraps code but cannot break string literals, template literals,
// regular expressions or comments; those are wrapped by hand ('…' + '…', comments on several lines).
// Characters are Unicode code points, so a Chinese character counts one (prettier counts it as two
// columns). migrations/ is left out: drizzle-kit writes it. test/scripts/check-line-length.test.ts runs
// the same check in `npm test`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, sourceFiles } from './check-citations.js';

/** The longest line allowed, in characters (prettier's printWidth, .prettierrc.json). */
export const MAX_LINE_LENGTH = 120;

export interface LongLine {
  file: string;
  line: number;
  length: number;
}

/** The length of `line` in characters (code points: not bytes, not UTF-16 units). */
export function lineLength(line: string): number {
  return Array.from(line).length;
}

/** The lines of one source text longer than `max` characters, numbered from 1. */
export function longLinesIn(file: string, text: string, max: number = MAX_LINE_LENGTH): LongLine[] {
  return text.split('\n').flatMap((l, i) => {
    const length = lineLength(l.replace(/\r$/, ''));
    return length > max ? [{ file, line: i + 1, length }] : [];
  });
}

/** The sources the check reads: the tracked TypeScript and JavaScript files outside migrations/. */
export function checkedFiles(root: string = REPO_ROOT): string[] {
  return sourceFiles(root).filter((f) => !f.startsWith('migrations/'));
}

/** Every line longer than `max` characters, file by file. */
export function longLines(root: string = REPO_ROOT, max: number = MAX_LINE_LENGTH): LongLine[] {
  return checkedFiles(root).flatMap((f) => longLinesIn(f, readFileSync(join(root, f), 'utf8'), max));
}

function main(): void {
  const long = longLines();
  for (const l of long) console.log(`${l.file}:${l.line}: ${l.length} characters, more than ${MAX_LINE_LENGTH}`);
  if (long.length === 0) console.log(`No line is longer than ${MAX_LINE_LENGTH} characters.`);
  else process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
