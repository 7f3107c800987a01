import type { Assets } from './files.js';

/** Where the runtime finds the dashboard's files. */
export type AssetRuntime = 'node' | 'worker';

/**
 * Where Node reads the files from disk. Named through a variable so that wrangler leaves the
 * reader (node:fs) out of the Worker bundle, which carries the files as Text modules instead
 * (the playground does the same: adapters/playground/assets.ts).
 */
const NODE_READER = './assets-node.js';

/** The files: bundled into the Worker (wrangler.toml's Text rules), read from disk on Node. */
export async function loadAssets(runtime: AssetRuntime): Promise<Assets> {
  if (runtime === 'worker') return (await import('./assets-worker.js')).ASSETS;
  const node = (await import(/* @vite-ignore */ NODE_READER)) as typeof import('./assets-node.js');
  return node.readAssets();
}
