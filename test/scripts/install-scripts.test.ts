import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// `npm install` lists every dependency with an install script that package.json's allowScripts does
// not name, as a warning a newcomer reads as trouble. None of them needs its script (npm 11 runs none
// unless allowed): each is denied on purpose, so a fresh install prints no such warning.
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { hasInstallScript?: boolean }>;
};

describe('install scripts', () => {
  it('every locked package with an install script is named in allowScripts, and denied', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([path, p]) => path && p.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts.length).toBeGreaterThan(0);
    const named = pkg.allowScripts ?? {};
    expect([...new Set(withScripts)].filter((name) => !(name in named))).toEqual([]);
    expect(Object.values(named).every((allowed) => allowed === false)).toBe(true);
  });
});
