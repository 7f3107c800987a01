import type { AdapterRuntime } from '../../src/contracts/adapter.js';

export { PAGE_FILES, type PageAssets } from './page-files.js';
import type { PageAssets } from './page-files.js';

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
