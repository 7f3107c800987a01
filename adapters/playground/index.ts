export { localAccess, playgroundAccess, type PlaygroundAccess } from './access.js';
export { playgroundAdapter, type PlaygroundOptions } from './adapter.js';
export { PLAYGROUND_CAPABILITIES, PLAYGROUND_PLATFORM, playgroundConfig, type PlaygroundConfig } from './config.js';
export { PlaygroundFeed, type FeedEvent, type FeedPage } from './feed.js';
export { playgroundModule } from './module.js';
export { PLAYGROUND_CSP } from './routes.js';
