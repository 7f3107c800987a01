import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { ASSET_FILES, UPLOT_FILES, type Assets } from './files.js';

const require = createRequire(import.meta.url);

/** Reads the page files from ./page/ beside this module and uPlot's from its package. */
export async function readAssets(): Promise<Assets> {
  const out = new Map<string, string>();
  for (const name of ASSET_FILES.keys()) {
    const path = UPLOT_FILES.has(name)
      ? require.resolve(`uplot/dist/${name}`)
      : new URL(`./page/${name}`, import.meta.url);
    out.set(name, await readFile(path, 'utf8'));
  }
  return out;
}
