import type { Adapter, AdapterRuntime } from '../../src/contracts/adapter.js';
import type { Logger } from '../../src/contracts/log.js';
import { PLAYGROUND_PLATFORM } from './config.js';
import { PlaygroundFeed } from './feed.js';
import { playgroundRoutes, UPLOAD_PATH } from './routes.js';
import { PlaygroundUploads } from './uploads.js';

/** Hosts that only this machine can reach. */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export interface PlaygroundOptions {
  runtime?: AdapterRuntime;
  /** The interface the server listens on: anything but loopback is warned about. */
  host?: string;
  log?: Logger;
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
  if (opts.host !== undefined && !LOOPBACK.test(opts.host)) {
    // Anyone who reaches the playground can speak as anyone and read every delivery it shows.
    const warning = 'the playground is on and listening beyond this machine; set NODE_ENV=production or HOST=127.0.0.1';
    opts.log?.warn(warning, { host: opts.host });
  }
  const uploads = new PlaygroundUploads();
  return {
    platform: PLAYGROUND_PLATFORM,
    deliverer: feed,
    uploadPaths: [UPLOAD_PATH],
    routes: (app, port) => playgroundRoutes(app, port, feed, opts.runtime ?? 'node', uploads),
  };
}
