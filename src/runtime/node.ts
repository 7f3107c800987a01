import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { serve } from '@hono/node-server';
import { larkAdapter, larkOptionsFromConfig } from '../../adapters/lark/index.js';
import { playgroundAdapter } from '../../adapters/playground/index.js';
import type { Adapter } from '../contracts/adapter.js';
import { createApp } from '../http/app.js';
import { ConfigError, loadConfig } from '../contracts/config/index.js';
import { createDeps } from './deps.js';
import { openStore } from '../db/open.js';
import { Relay } from '../outbox/relay.js';
import { notifyHeld } from '../services/outbox-admin/held.js';
import { heldTexts } from '../../commands/outbox-admin/texts.js';
import { noticeConfirmations } from '../services/notices/notices.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { schedulerTexts } from '../../commands/index.js';
import { createLogger } from '../contracts/log.js';

const DEV_DATA_KEY_FILE = './data/data-key';

/** In development a data key is generated once into ./data/ so nobody has to configure one. */
function devDataKey(env: NodeJS.ProcessEnv): void {
  if (env.PIONEER_DATA_KEY || env.NODE_ENV === 'production') return;
  if (!existsSync(DEV_DATA_KEY_FILE)) {
    mkdirSync(dirname(DEV_DATA_KEY_FILE), { recursive: true });
    writeFileSync(DEV_DATA_KEY_FILE, Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64'), { mode: 0o600 });
  }
  env.PIONEER_DATA_KEY = readFileSync(DEV_DATA_KEY_FILE, 'utf8').trim();
}

async function main(): Promise<void> {
  const log = createLogger();
  // A .env file beside package.json is read if present; the real environment wins.
  if (existsSync('.env')) process.loadEnvFile('.env');
  devDataKey(process.env);
  const config = loadConfig(process.env);
  const store = await openStore({ url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN });
  const deps = createDeps({ config, store, log });
  const adapters: Adapter[] = [];
  if (config.playground) adapters.push(playgroundAdapter());
  const lark = larkOptionsFromConfig(config);
  if (lark) adapters.push(larkAdapter({ ...lark, log, confirmations: noticeConfirmations }));
  if (config.WECHATY_PUPPET) {
    // Loaded only when enabled: Wechaty is large and slow to import.
    const { createWechatyAdapter, WECHATY_MEMORY_NAME } = await import('../../adapters/wechaty/index.js');
    adapters.push(await createWechatyAdapter({ puppet: config.WECHATY_PUPPET, settings: config, log, memoryName: WECHATY_MEMORY_NAME }));
  }
  const { app, core } = createApp({ deps, adapters, heldTexts });
  for (const a of adapters) await a.start?.(core);
  // The outbox relay sends through every adapter that can send (the playground's feed in development).
  const deliverers = adapters.flatMap((a) => (a.deliverer ? [a.deliverer] : []));
  const relay = new Relay({
    db: store.db,
    deliverers,
    clock: deps.clock,
    log,
    settings: config,
    // Rows held past a daily cap (WeChat) are announced to the officers of their units.
    onHeld: async (held) => void (await notifyHeld(store.db, held, deps, heldTexts)),
  });
  if (deliverers.length) relay.start();
  // Reminders, monthly repeats, weekly digests and pairing alerts; state is in the database only,
  // so a restart (or a second process) picks up where this one stopped.
  const scheduler = new Scheduler({ deps, texts: schedulerTexts, onEnqueued: () => relay.kick() });
  scheduler.start();

  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const url = `http://${info.address === '::' ? 'localhost' : info.address}:${info.port}`;
    log.info('listening', { url, database: config.DATABASE_URL.startsWith('file:') ? config.DATABASE_URL : '(remote)', adapters: adapters.map((a) => a.platform) });
    console.log(`\n  先锋助手 Pioneer is running: ${url}${config.playground ? `\n  Playground: ${url}/` : ''}\n`);
  });

  const stop = async () => {
    log.info('shutting down');
    await scheduler.stop();
    await relay.stop();
    for (const a of adapters) await a.stop?.().catch(() => undefined);
    server.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  // A bad setting or a missing puppet package: the message says what to do, a stack would not help.
  if (err instanceof ConfigError || (err as Error)?.name === 'PuppetLoadError') console.error((err as Error).message);
  else console.error(err);
  process.exit(1);
});
