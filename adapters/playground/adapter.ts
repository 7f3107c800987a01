import type { Adapter, AdapterRuntime } from '../../src/contracts/adapter.js';
import { localAccess, type PlaygroundAccess } from './access.js';
import { PLAYGROUND_PLATFORM } from './config.js';
import { PlaygroundFeed } from './feed.js';
import { playgroundRoutes, UPLOAD_PATH } from './routes.js';
import { PlaygroundUploads } from './uploads.js';

export interface PlaygroundOptions {
  runtime?: AdapterRuntime;
  /** Who its routes answer (default: this machine only, no token). */
  access?: PlaygroundAccess;
}

/**
 * The web playground: a page at `/` where one person chats as several personas in simulated
 * group and direct chats. Its messages reach the core like any other adapter's; what the outbox
 * relay delivers to it is kept in `feed` and polled from `/playground/events`.
 */
export function playgroundAdapter(
  feed = new PlaygroundFeed(PLAYGROUND_PLATFORM),
  opts: PlaygroundOptions = {},
): Adapter {
  const access = opts.access ?? localAccess();
  const uploads = new PlaygroundUploads();
  return {
    platform: PLAYGROUND_PLATFORM,
    deliverer: feed,
    receipts: feed,
    uploadPaths: [UPLOAD_PATH],
    routes: (app, port) => playgroundRoutes(app, port, feed, { runtime: opts.runtime ?? 'node', access, uploads }),
  };
}
