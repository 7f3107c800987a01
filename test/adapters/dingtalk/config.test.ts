import { describe, expect, it } from 'vitest';
import { dingtalkConfig, dingtalkMode, dingtalkModule } from '../../../adapters/dingtalk/index.js';
import { ConfigError } from '../../../src/contracts/config/env.js';
import { memoryLogger } from '../../../src/contracts/log.js';
import { systemClock } from '../../../src/contracts/time.js';
import { buildAdapters, parseModuleConfigs } from '../../../src/runtime/adapters.js';
import { createTestCore } from '../../helpers/core.js';

const APP = { DINGTALK_CLIENT_ID: 'dingabc0123456789', DINGTALK_CLIENT_SECRET: 'secret-0123456789abcdef' };
const ROBOT = '一支部群=a1b2c3d4e5f60718293a4b5c6d7e8f90';

/** The runtime's own path: parse every DINGTALK_* variable, run the start-up checks, build. */
async function build(env: Record<string, string>, o: { production?: boolean; runtime?: 'node' | 'worker' } = {}) {
  const configs = parseModuleConfigs([dingtalkModule], env);
  const ctx = {
    runtime: o.runtime ?? 'node',
    log: memoryLogger(),
    clock: systemClock,
    timeZone: 'Asia/Shanghai',
    production: o.production ?? false,
    botNames: ['先锋助手'],
  } as const;
  return buildAdapters([dingtalkModule], configs, ctx);
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => '',
    (e: unknown) => (expect(e).toBeInstanceOf(ConfigError), (e as Error).message),
  );

describe('DingTalk variables and the production check', () => {
  it('is off without the client id and secret, on with them (stream on Node, webhook on Workers)', async () => {
    expect(await build({})).toEqual([]);
    expect(await build(APP)).toHaveLength(1);
    expect(dingtalkMode(dingtalkConfig(APP), { runtime: 'node' })).toBe('stream');
    expect(dingtalkMode(dingtalkConfig(APP), { runtime: 'worker' })).toBe('webhook');
  });

  it('refuses in production an API base that is not https and a custom robot without 加签', async () => {
    const msg = await refusal(
      build({ ...APP, DINGTALK_API_BASE: 'http://127.0.0.1:9', DINGTALK_GROUP_ROBOTS: ROBOT }, { production: true }),
    );
    expect(msg).toContain('DINGTALK_API_BASE');
    expect(msg).toContain('DINGTALK_GROUP_ROBOTS');
    expect(msg).toContain('一支部群');
    expect(msg).not.toContain(APP.DINGTALK_CLIENT_SECRET);
    expect(
      await build({ ...APP, DINGTALK_GROUP_ROBOTS: `${ROBOT}:SEC0123456789abcdef0123` }, { production: true }),
    ).toHaveLength(1);
  });

  it('refuses Stream mode on Workers, robots without the app, and a malformed robot entry', async () => {
    expect(await refusal(build({ ...APP, DINGTALK_MODE: 'stream' }, { runtime: 'worker' }))).toContain('DINGTALK_MODE');
    expect(await refusal(build({ DINGTALK_GROUP_ROBOTS: ROBOT }))).toContain('DINGTALK_CLIENT_ID');
    expect(await refusal(build({ ...APP, DINGTALK_GROUP_ROBOTS: '一支部群=short' }))).toContain(
      'DINGTALK_GROUP_ROBOTS',
    );
    // The same robot under two names would be paced as two chats: twice its 20 a minute.
    const twice = await refusal(build({ ...APP, DINGTALK_GROUP_ROBOTS: `${ROBOT},二支部群=${ROBOT.split('=')[1]}` }));
    expect(twice).toContain('二支部群');
    expect(twice).not.toContain(ROBOT.split('=')[1]);
  });
});

describe('DingTalk in the runtime assembly', () => {
  it('its read receipts reach the core when the variables turn it on', async () => {
    const t = await createTestCore({ env: { ...APP, DINGTALK_MODE: 'webhook' } });
    try {
      const adapter = t.adapters.find((a) => a.platform === 'dingtalk');
      expect(adapter?.receipts).toBeDefined();
      expect(t.core.deps.receipts?.get('dingtalk')).toBe(adapter!.receipts);
      expect(t.core.deps.platforms.get('dingtalk')).toMatchObject({ readReceipts: true });
    } finally {
      await t.close();
    }
  });
});
