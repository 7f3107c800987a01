import type { PlatformCapabilities, ReadReceipts } from './adapter.js';
import type { Config } from './config/index.js';
import type { FileStore, Thumbnailer } from './files.js';
import type { Logger } from './log.js';
import type { Store } from './store.js';
import type { Clock } from './time.js';

/** What the core is built from; one instance per process (or per Worker isolate). */
export interface CoreDeps {
  store: Store;
  clock: Clock;
  config: Config;
  log: Logger;
  /** "platform:userId" of PIONEER_ADMINS. */
  admins: ReadonlySet<string>;
  /** What each known platform allows (mentions, key length, its name), from the adapter modules. */
  platforms: ReadonlyMap<string, PlatformCapabilities>;
  /** Where meeting photos are kept; absent where none can be (Workers without an R2 binding). */
  files?: FileStore;
  /** Makes photo thumbnails; absent where the runtime cannot afford it (Workers). */
  thumbnails?: Thumbnailer;
  /** The read receipts of the adapters running in this process, by platform (none elsewhere). */
  receipts?: ReadonlyMap<string, ReadReceipts>;
}
