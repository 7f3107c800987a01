// `npm run check:citations`: every repository path a code comment cites (src/…, adapters/…,
// commands/…, test/…, bench/…, docs/…, scripts/…, migrations/…) must exist, so a reader who follows
// a comment finds the file. test/scripts/check-citations.test.ts runs the same check in `npm test`.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Top folders of this repository whose paths comments cite. */
const CITED_ROOTS = ['src', 'adapters', 'commands', 'test', 'bench', 'docs', 'scripts', 'migrations'];
/** A path starting at a top folder, not the tail of a longer path or a URL (`…/x/src/y`). */
const CITATION = new RegExp(`(?<![\\w./@-])(?:${CITED_ROOTS.join('|')})/[\\w./{},@*<>…-]*`, 'g');
/** Characters that make a citation a pattern (`commands/<feature>/texts.ts`, `test/**`), not a path. */
const PATTERN = /[<>*…]/;

export interface Citation {
  file: string;
  line: number;
  path: string;
}

/** Every comment of a TypeScript/JavaScript source, with the offset where it starts. */
function comments(fileName: string, text: string): { pos: number; text: string }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const seen = new Map<number, string>();
  const collect = (ranges: readonly ts.CommentRange[] | undefined) => {
    for (const r of ranges ?? []) seen.set(r.pos, text.slice(r.pos, r.end));
  };
  const visit = (node: ts.Node) => {
    collect(ts.getLeadingCommentRanges(text, node.getFullStart()));
    collect(ts.getTrailingCommentRanges(text, node.getEnd()));
    node.getChildren(source).forEach(visit);
  };
  visit(source);
  return [...seen].sort(([a], [b]) => a - b).map(([pos, body]) => ({ pos, text: body }));
}

/** `a/{b,c}.ts` → `a/b.ts`, `a/c.ts` (one level, as comments write it). */
function expandBraces(path: string): string[] {
  const m = /^(.*?)\{([^{}]*)\}(.*)$/.exec(path);
  if (!m) return [path];
  return m[2]!.split(',').flatMap((part) => expandBraces(`${m[1]}${part}${m[3]}`));
}

/** The paths a comment cites, trailing sentence punctuation removed; patterns are left out. */
export function citedPaths(comment: string): string[] {
  const out: string[] = [];
  for (const match of comment.matchAll(CITATION)) {
    const raw = match[0].replace(/[.,:;)]+$/, '');
    if (PATTERN.test(raw)) continue;
    out.push(...expandBraces(raw));
  }
  return out;
}

/** True when `path` names a file or folder of the repository (an import-style `x.js` may name `x.ts`). */
export function exists(root: string, path: string): boolean {
  const full = join(root, path);
  if (existsSync(full)) return true;
  if (/\.js$/.test(path) && existsSync(full.replace(/\.js$/, '.ts'))) return true;
  return !/\.\w+$/.test(path) && existsSync(`${full}.ts`);
}

/** Citations in one source file's comments. */
export function citationsIn(file: string, text: string): Citation[] {
  // Parsing is the slow part: most files name no such path anywhere (imports are relative).
  if (!text.match(CITATION)) return [];
  const lineOf = (pos: number) => text.slice(0, pos).split('\n').length;
  return comments(file, text).flatMap((c) => {
    const lines = c.text.split('\n');
    return lines.flatMap((l, i) => citedPaths(l).map((path) => ({ file, line: lineOf(c.pos) + i, path })));
  });
}

/** The tracked TypeScript and JavaScript sources (git ls-files), relative to the root. */
export function sourceFiles(root: string = REPO_ROOT): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: root,
    encoding: 'utf8',
  });
  return out
    .split('\0')
    .filter((f) => /\.(ts|mts|cts|js|mjs|cjs)$/.test(f) && !f.startsWith('node_modules/'))
    .filter((f) => existsSync(join(root, f)));
}

/** Every citation whose path does not exist. */
export function brokenCitations(root: string = REPO_ROOT): Citation[] {
  return sourceFiles(root).flatMap((f) =>
    citationsIn(f, readFileSync(join(root, f), 'utf8')).filter((c) => !exists(root, c.path)),
  );
}

function main(): void {
  const broken = brokenCitations();
  for (const c of broken) console.log(`${c.file}:${c.line}: cites ${c.path}, which does not exist`);
  if (broken.length === 0) console.log('Every path cited in a comment exists.');
  else process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
