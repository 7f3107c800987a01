/**
 * `npm run wechat-gateway`: only the WeChat adapter, for a core that runs elsewhere (Workers).
 * Messages go to CORE_URL/v1/messages with GATEWAY_TOKEN (or CORE_TOKEN); the core's 'wechat'
 * outbox rows are leased through /v1/outbox/* and sent from here, paced by this process (WECHAT_*).
 */
import { existsSync } from 'node:fs';
import { ConfigError } from '../contracts/config/index.js';
import { createLogger } from '../contracts/log.js';
import { assembleGateway } from './assemble.js';

async function main(): Promise<void> {
  const log = createLogger();
  if (existsSync('.env')) process.loadEnvFile('.env');
  const gateway = await assembleGateway({ env: process.env, log });
  const { CORE_URL: coreUrl } = gateway.config;
  const signal = AbortSignal.timeout(10_000);
  const health = await fetch(new URL('/healthz', coreUrl), { signal }).catch((err: unknown) => err);
  if (health instanceof Response && health.ok) log.info('core reachable', { coreUrl });
  else {
    const err = health instanceof Response ? `HTTP ${health.status}` : health;
    log.warn('core not reachable yet; messages will be retried', { coreUrl, err });
  }
  await gateway.start();
  const adapters = gateway.adapters.map((a) => a.platform);
  log.info('gateway running', { coreUrl, adapters, owner: gateway.relay.owner });
  const stop = async () => {
    log.info('shutting down');
    await gateway.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(
    err instanceof ConfigError || (err as Error)?.name === 'PuppetLoadError' ? (err as Error).message : err,
  );
  process.exit(1);
});
