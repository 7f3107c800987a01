import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/db/open.js';
import { memoryLogger } from '../../../src/contracts/log.js';
import { ManualClock } from '../../../src/contracts/time.js';
import { assemble } from '../../../src/runtime/assemble.js';
import { AES_KEY, BOT_ID, BOT_SECRET, TOKEN } from '../../helpers/wecom-callbacks.js';

// The real assembly on the variables a deployment sets: what it refuses to start with, by name.
const PROD = {
  NODE_ENV: 'production',
  CORE_TOKEN: 'x'.repeat(32),
  PIONEER_DATA_KEY: Buffer.alloc(32, 3).toString('base64'),
};

async function start(env: Record<string, string>, runtime: 'node' | 'worker' = 'node') {
  const built = await assemble({
    env: { DATABASE_URL: ':memory:', ...env },
    runtime,
    store: (c) => openStore({ url: c.DATABASE_URL }),
    clock: new ManualClock('2026-12-01T02:00:00Z'),
    log: memoryLogger(),
  });
  return built.adapters.map((a) => a.platform);
}
const refusal = (env: Record<string, string>, runtime: 'node' | 'worker' = 'node') =>
  start(env, runtime).then(
    () => '',
    (err: unknown) => String(err),
  );

describe('WeCom start-up checks', () => {
  it('starts the long connection with a bot id and secret, and URL callbacks with a token and key', async () => {
    expect(
      await start({
        ...PROD,
        WECOM_BOT_ID: BOT_ID,
        WECOM_BOT_SECRET: BOT_SECRET,
        WECOM_MODE: 'webhook',
        WECOM_TOKEN: TOKEN,
        WECOM_AES_KEY: AES_KEY,
      }),
    ).toContain('wecom');
    expect(await start({ ...PROD, WECOM_TOKEN: TOKEN, WECOM_AES_KEY: AES_KEY }, 'worker')).toContain('wecom');
    expect(await start({ ...PROD })).not.toContain('wecom');
  });

  it('refuses, naming the variable: a half-set long connection, URL mode without its keys in production', async () => {
    expect(await refusal({ ...PROD, WECOM_BOT_ID: BOT_ID })).toContain('WECOM_BOT_SECRET');
    const url = await refusal({ ...PROD, WECOM_MODE: 'webhook', WECOM_TOKEN: TOKEN });
    expect(url).toContain('WECOM_AES_KEY');
    expect(url).not.toContain('WECOM_TOKEN:');
    expect(await refusal({ ...PROD, WECOM_BOT_ID: BOT_ID, WECOM_BOT_SECRET: BOT_SECRET }, 'worker')).toContain(
      'WECOM_MODE',
    );
    expect(await refusal({ ...PROD, WECOM_AES_KEY: 'short' })).toContain('WECOM_AES_KEY');
    expect(await refusal({ ...PROD, WECOM_GROUP_WEBHOOKS: '第一支部=https://example.com/x' })).toContain(
      'WECOM_GROUP_WEBHOOKS',
    );
  });

  it('refuses plain ws:// and http:// in production: the secret and robot keys would travel in clear', async () => {
    const lc = { WECOM_BOT_ID: BOT_ID, WECOM_BOT_SECRET: BOT_SECRET };
    expect(await refusal({ ...PROD, ...lc, WECOM_WS_URL: 'ws://10.0.0.9:9' })).toContain('WECOM_WS_URL');
    expect(await refusal({ ...PROD, ...lc, WECOM_API_BASE: 'http://10.0.0.9:9' })).toContain('WECOM_API_BASE');
    expect(await refusal({ ...PROD, ...lc, WECOM_WS_URL: 'ws://127.0.0.1:9' })).toBe(''); // loopback
    expect(await refusal({ NODE_ENV: 'test', ...lc, WECOM_WS_URL: 'ws://127.0.0.1:9' })).toBe('');
  });
});
