/**
 * A relay in its own process, so tests can SIGKILL it for real. Configured by the environment:
 * RELAY_DB (libSQL file URL), FAKE_URL, RELAY_OWNER, CHILD_APP_PER_SEC, RELAY_LEASE_MS.
 * Runs rounds until no row is pending or sending, then exits 0.
 */
import { inArray, count } from 'drizzle-orm';
import { openStore } from '../../src/db/open.js';
import { outbox } from '../../src/db/schema.js';
import { Relay } from '../../src/outbox/relay.js';
import { defaultRelaySettings } from '../../src/contracts/config/relay.js';
import { createLogger } from '../../src/contracts/log.js';
import { httpDeliverer } from './http-deliverer.js';

const env = process.env;
const owner = env.RELAY_OWNER ?? `child-${process.pid}`;
const store = await openStore({ url: env.RELAY_DB! });
const relay = new Relay({
  db: store.db,
  deliverers: [httpDeliverer(env.FAKE_URL!, { owner })],
  owner,
  log: createLogger({ silent: true }),
  settings: defaultRelaySettings({
    RELAY_LEASE_MS: Number(env.RELAY_LEASE_MS ?? 1000),
    RELAY_BATCH_SIZE: 50,
    RELAY_CONCURRENCY: 8,
  }),
  limits: new Map([['lark', { app: [{ limit: Number(env.CHILD_APP_PER_SEC ?? 1000), windowMs: 1000 }] }]]),
});
for (;;) {
  const s = await relay.runOnce();
  if (s.claimed > 0) continue;
  const [left] = await store.db
    .select({ n: count() })
    .from(outbox)
    .where(inArray(outbox.status, ['pending', 'sending']));
  if (!left?.n) break;
  await new Promise((r) => setTimeout(r, 20));
}
await store.close();
process.exit(0);
