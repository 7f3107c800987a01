import { readFile } from 'node:fs/promises';
import { PAGE_FILES, type PageAssets } from './page-files.js';

/** Reads the page files from ./page/ beside this module (tsx runs the sources as they are). */
export async function readPageAssets(): Promise<PageAssets> {
  const out = new Map<string, string>();
  for (const name of PAGE_FILES.keys()) {
    out.set(name, await readFile(new URL(`./page/${name}`, import.meta.url), 'utf8'));
  }
  return out;
}
