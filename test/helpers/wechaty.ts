import { playgroundAdapter } from '../../adapters/playground/index.js';
import { wechatyConfig, type WechatyConfig } from '../../adapters/wechaty/index.js';
import { createWechatyAdapter, type WechatyAdapter } from '../../adapters/wechaty/adapter.js';
import { Relay } from '../../src/outbox/relay.js';
import { defaultRelaySettings, type RelaySettings } from '../../src/contracts/config/relay.js';
import { memoryLogger } from '../../src/contracts/log.js';
import type { IncomingMessage } from '../../src/contracts/message.js';
import { notifyHeld } from '../../src/services/outbox-admin/held.js';
import { heldTexts } from '../../commands/outbox-admin/texts.js';
import { createTestCore, type TestCore } from './core.js';

/** Settings of a WeChat test: the relay's and the adapter's own (WECHAT_*). */
export type WechatyTestSettings = RelaySettings & WechatyConfig;
import { MockWorld, WORLD, type Sent, type WorldSpec } from './wechaty-mock.js';

export interface WechatyTest {
  t: TestCore;
  world: MockWorld;
  adapter: WechatyAdapter;
  settings: WechatyTestSettings;
  /** Login QR codes the adapter printed. */
  qr: string[];
  /** Every message the core was given. */
  seen: IncomingMessage[];
  /** `from` says `text`; resolves when the adapter has handled it, with what the bot sent meanwhile. */
  say(from: string, text: string, opts?: { room?: string; mentions?: string[] }): Promise<Sent[]>;
  /** say(), the texts joined by newlines. */
  sayText(from: string, text: string, opts?: { room?: string; mentions?: string[] }): Promise<string>;
  /**
   * A relay over the test core's outbox with the WeChat pacing of `settings`, on the core's clock
   * (or the system's).
   */
  relay(opts?: { sleep?: (ms: number) => Promise<void>; clock?: 'core' | 'system' }): Relay;
  close(): Promise<void>;
}

/**
 * A real core (temp libSQL, ManualClock) with the real Wechaty adapter in front, driven by
 * wechaty-puppet-mock and logged in. PIONEER_ADMINS makes the world's first person an admin.
 */
export async function createWechatyTest(
  opts: { world?: WorldSpec; settings?: Partial<WechatyTestSettings>; env?: Record<string, string> } = {},
): Promise<WechatyTest> {
  const spec = opts.world ?? WORLD;
  const world = new MockWorld(spec);
  const settings = { ...defaultRelaySettings(), ...wechatyConfig({ WECHAT_REPLY_GAP_MS: 0 }), ...opts.settings };
  const qr: string[] = [];
  const seen: IncomingMessage[] = [];
  const adapter = await createWechatyAdapter({
    puppet: world.puppet,
    config: settings,
    log: memoryLogger(),
    printQr: (code) => qr.push(code),
    onHandled: (e) => world.handled.push(e),
  });
  const t = await createTestCore({
    env: { PIONEER_ADMINS: `wechat:${spec.people[0]!.id}`, ...opts.env },
    adapters: [playgroundAdapter(), adapter],
  });
  // The port the core gives adapters, recording what the adapter handed it.
  await adapter.start({
    ...t.port,
    handle: (m, files) => {
      seen.push(m);
      return t.port.handle(m, files);
    },
  });
  const loggedIn = new Promise<void>((resolve) => adapter.bot.once('login', () => resolve()));
  world.login();
  await loggedIn;

  const say = async (from: string, text: string, o: { room?: string; mentions?: string[] } = {}) => {
    const before = world.sent.items.length;
    const id = world.say(from, text, o);
    await world.waitHandled(id);
    return world.sent.items.slice(before);
  };
  return {
    t,
    world,
    adapter,
    settings,
    qr,
    seen,
    say,
    sayText: async (from, text, o) => (await say(from, text, o)).map((s) => s.text).join('\n'),
    relay: (o = {}) =>
      new Relay({
        db: t.store.db,
        deliverers: [adapter.deliverer],
        clock: o.clock === 'system' ? undefined : t.clock,
        log: memoryLogger(),
        settings,
        limits: new Map([['wechat', adapter.limits]]),
        onHeld: async (held) => void (await notifyHeld(t.store.db, held, t.core.deps, heldTexts)),
        // On the core's ManualClock a wait for a pacing slot moves the clock instead of sleeping.
        sleep: o.sleep ?? (o.clock === 'system' ? undefined : async (ms: number) => void t.clock.advance(ms)),
      }),
    close: async () => {
      await adapter.stop();
      await t.close();
    },
  };
}
