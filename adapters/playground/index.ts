import type { Adapter } from '../../src/contracts/adapter.js';
import { PlaygroundFeed } from './feed.js';
import { playgroundPage } from './page.js';

export const PLAYGROUND_PLATFORM = 'playground';

/** Hosts that only this machine can reach. */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * The web playground: a page at `/` where one person chats as several personas in simulated
 * group and direct chats. Its messages go through `/v1/messages` like any other adapter's; what
 * the outbox relay delivers to it is kept in `feed` and polled from `/playground/events`.
 */
export function playgroundAdapter(feed = new PlaygroundFeed(PLAYGROUND_PLATFORM)): Adapter {
  return {
    platform: PLAYGROUND_PLATFORM,
    deliverer: feed,
    routes(app, core) {
      const { HOST } = core.deps.config;
      if (!LOOPBACK.test(HOST)) {
        // Anyone who reaches the playground can speak as anyone and read every delivery it shows.
        core.deps.log.warn('the playground is on and listening beyond this machine; set NODE_ENV=production or HOST=127.0.0.1', { host: HOST });
      }
      app.get('/', (c) => {
        c.header(
          'Content-Security-Policy',
          "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        );
        c.header('X-Content-Type-Options', 'nosniff');
        c.header('Referrer-Policy', 'no-referrer');
        c.header('X-Frame-Options', 'DENY');
        c.header('Cache-Control', 'no-store');
        return c.html(playgroundPage());
      });
      // Same-origin proxy so the page never needs CORE_TOKEN: it re-issues the request to
      // /v1/messages with the token added, and the answer comes from the one real route.
      app.post('/playground/send', async (c) => {
        const token = core.deps.config.CORE_TOKEN;
        const body = await c.req.text();
        const res = await app.request('/v1/messages', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body,
        });
        return new Response(res.body, { status: res.status, headers: { 'content-type': 'application/json' } });
      });
      // Outbox deliveries (notices, chases, reminders…) to the simulated chats, polled by the page.
      app.get('/playground/events', (c) => {
        c.header('Cache-Control', 'no-store');
        return c.json(feed.after(c.req.query('after')));
      });
    },
  };
}
