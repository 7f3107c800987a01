import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { ConfigError } from '../contracts/config/index.js';
import { openStore } from '../db/open.js';
import { createLogger } from '../contracts/log.js';
import { assemble } from './assemble.js';
import { devDataKey } from './dev-key.js';
import { folderStore } from './files/folder.js';
import { WorkerThumbnailer } from './files/thumbnailer.js';

async function main(): Promise<void> {
  const log = createLogger();
  // A .env file beside package.json is read if present; the real environment wins.
  if (existsSync('.env')) process.loadEnvFile('.env');
  devDataKey(process.env);
  const {
    config,
    store,
    app,
    port,
    inbox,
    adapters,
    relay,
    deliverers,
    scheduler: schedulerOf,
  } = await assemble({
    env: process.env,
    runtime: 'node',
    store: (c) => openStore({ url: c.DATABASE_URL, authToken: c.DATABASE_AUTH_TOKEN }),
    files: (c) => folderStore(c.RECORDS_DIR),
    thumbnails: new WorkerThumbnailer(),
    log,
  });
  for (const a of adapters) await a.start?.(port);
  // Events a previous process stored and did not finish (killed between answering the platform
  // and the work): finished now, and then on a timer for those whose lease runs out later.
  inbox.start();
  // The outbox relay sends through every adapter that can send (the playground's feed in development).
  if (deliverers.length) relay.start();
  // Reminders, monthly repeats, weekly digests and pairing alerts; state is in the database only,
  // so a restart (or a second process) picks up where this one stopped. Started once the port is
  // bound: a catch-up (a missed weekly digest) must not keep the server from listening (issue 24).
  const scheduler = schedulerOf();
  const playground = adapters.some((a) => a.platform === 'playground');

  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const url = `http://${info.address === '::' ? 'localhost' : info.address}:${info.port}`;
    log.info('listening', {
      url,
      database: config.DATABASE_URL.startsWith('file:') ? config.DATABASE_URL : '(remote)',
      adapters: adapters.map((a) => a.platform),
    });
    console.log(`\n  先锋助手 Pioneer is running: ${url}${playground ? `\n  Playground: ${url}/` : ''}\n`);
    scheduler.start();
  });

  const stop = async () => {
    log.info('shutting down');
    await scheduler.stop();
    await inbox.stop();
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
