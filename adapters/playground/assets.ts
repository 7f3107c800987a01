import type { AdapterRuntime } from '../../src/contracts/adapter.js';

/** The files of the playground page (./page/), served under /playground/ (the HTML at /). */
export const PAGE_FILES: ReadonlyMap<string, string> = new Map([
  ['index.html', 'text/html; charset=utf-8'],
  ['page.css', 'text/css; charset=utf-8'],
  ['main.js', 'text/javascript; charset=utf-8'],
  ['store.js', 'text/javascript; charset=utf-8'],
  ['render.js', 'text/javascript; charset=utf-8'],
]);

/** Each page file's text, by name. */
export type PageAssets = ReadonlyMap<string, string>;

/**
 * Where Node reads the files from disk. Named through a variable so that wrangler leaves the
 * reader (node:fs) out of the Worker bundle, which carries the files as Text modules instead.
 */
const NODE_READER = './assets-node.js';

/** The page files: bundled into the Worker (wrangler.toml's Text rules), read from disk on Node. */
export async function loadPageAssets(runtime: AdapterRuntime): Promise<PageAssets> {
  if (runtime === 'worker') return (await import('./assets-worker.js')).PAGE_ASSETS;
  const node = (await import(/* @vite-ignore */ NODE_READER)) as typeof import('./assets-node.js');
  return node.readPageAssets();
}
