/**
 * `npm run wechat-gateway`: only the WeChat adapter, for a core that runs elsewhere (Workers).
 * Messages go to CORE_URL/v1/messages with CORE_TOKEN; the core's 'wechat' outbox rows are
 * leased through /v1/outbox/* and sent from here, paced by this process (WECHAT_* settings).
 */
import { existsSync } from 'node:fs';
import { createWechatyAdapter, WECHATY_MEMORY_NAME } from '../../adapters/wechaty/index.js';
import { ConfigError } from '../contracts/config/index.js';
import { loadGatewayConfig } from './gateway/config.js';
import { createLogger } from '../contracts/log.js';

async function main(): Promise<void> {
  const log = createLogger();
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadGatewayConfig(process.env);
  const health = await fetch(new URL('/healthz', config.CORE_URL), { signal: AbortSignal.timeout(10_000) }).catch((err: unknown) => err);
  if (health instanceof Response && health.ok) log.info('core reachable', { coreUrl: config.CORE_URL });
  else log.warn('core not reachable yet; messages will be retried', { coreUrl: config.CORE_URL, err: health instanceof Response ? `HTTP ${health.status}` : health });
  const adapter = await createWechatyAdapter({
    puppet: config.WECHATY_PUPPET,
    coreUrl: config.CORE_URL,
    token: config.CORE_TOKEN,
    settings: config,
    log,
    memoryName: WECHATY_MEMORY_NAME,
  });
  await adapter.start();
  log.info('wechat gateway running', { puppet: config.WECHATY_PUPPET, coreUrl: config.CORE_URL, owner: adapter.relay?.owner });
  const stop = async () => {
    log.info('shutting down');
    await adapter.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err instanceof ConfigError || (err as Error)?.name === 'PuppetLoadError' ? (err as Error).message : err);
  process.exit(1);
});
