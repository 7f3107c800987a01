import { describe, expect, it } from 'vitest';
import { REPO_ROOT, brokenCitations, citationsIn, citedPaths, exists } from '../../scripts/check-citations.js';

describe('paths cited in code comments', () => {
  it('all exist', () => {
    const broken = brokenCitations().map((c) => `${c.file}:${c.line}: ${c.path}`);
    expect(broken, 'a comment cites a file that does not exist (npm run check:citations)').toEqual([]);
  });

  it('reads paths, folders, brace lists and import-style names; skips patterns and URLs', () => {
    expect(citedPaths('see src/db/schema.ts, and commands/outbox-admin/{texts,index}.ts.')).toEqual([
      'src/db/schema.ts',
      'commands/outbox-admin/texts.ts',
      'commands/outbox-admin/index.ts',
    ]);
    expect(citedPaths('commands/<feature>/texts.ts, src/…/x.ts, test/**')).toEqual([]);
    expect(citedPaths('https://github.com/honojs/hono/blob/main/src/hono-base.ts')).toEqual([]);
    expect(exists(REPO_ROOT, 'src/command/define.js')).toBe(true);
    expect(exists(REPO_ROOT, 'src/contracts')).toBe(true);
    expect(exists(REPO_ROOT, 'src/command/define')).toBe(true);
    expect(exists(REPO_ROOT, 'src/nowhere.ts')).toBe(false);
  });

  it('looks in comments only, with the line each citation is on', () => {
    const text = [
      "const path = 'src/not-a-comment.ts';",
      '/**',
      ' * Built by src/a.ts',
      ' */',
      'const t = `${1} // src/in-a-template.ts`; // trailing: test/b.ts',
    ].join('\n');
    expect(citationsIn('x.ts', text)).toEqual([
      { file: 'x.ts', line: 3, path: 'src/a.ts' },
      { file: 'x.ts', line: 5, path: 'test/b.ts' },
    ]);
  });
});
