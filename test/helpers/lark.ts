import { larkAdapter, type LarkAdapter, type LarkAdapterOptions } from '../../adapters/lark/index.js';
import { createRegistry, ALL_COMMANDS } from '../../commands/index.js';
import type { CommandDef } from '../../src/command/define.js';
import { BOT_NAMES } from '../../src/command/parse.js';
import { memoryLogger } from '../../src/contracts/log.js';
import { createTestCore, type TestCore } from './core.js';
import { startFakeLark, type FakeLark, type FakeLarkOptions, type SentMessage } from './fake-lark.js';
import {
  APP_ID,
  APP_SECRET,
  BOT_OPEN_ID,
  ENCRYPT_KEY,
  LarkSender,
  messageEvent,
  VERIFICATION_TOKEN,
  type MessageInput,
} from './lark-events.js';

export interface LarkTest {
  t: TestCore;
  fake: FakeLark;
  adapter: LarkAdapter;
  sender: LarkSender;
  /** Posts a message event through the webhook, waits for the work behind it, returns what the bot sent. */
  say(m: MessageInput): Promise<SentMessage[]>;
  /** say(), with the sent texts joined by newlines. */
  sayText(m: MessageInput): Promise<string>;
  close(): Promise<void>;
}

export interface LarkTestOptions {
  /** null: no encrypt key configured (plain, unsigned callbacks). */
  encryptKey?: string | null;
  verificationToken?: string | null;
  fake?: FakeLarkOptions;
  adapter?: Partial<LarkAdapterOptions>;
  /** Extra commands registered for this test only (stand-ins for features built elsewhere). */
  commands?: CommandDef[];
  /** More environment for the core (e.g. PIONEER_DATA_KEY). */
  env?: Record<string, string>;
}

/** A real core with the Lark adapter in front, talking to a fake Open API on 127.0.0.1. */
export async function createLarkTest(o: LarkTestOptions = {}): Promise<LarkTest> {
  const encryptKey = o.encryptKey === null ? undefined : (o.encryptKey ?? ENCRYPT_KEY);
  const verificationToken = o.verificationToken === null ? undefined : (o.verificationToken ?? VERIFICATION_TOKEN);
  const fake = await startFakeLark({ botOpenId: BOT_OPEN_ID, ...o.fake });
  const adapter = larkAdapter({
    appId: APP_ID,
    appSecret: APP_SECRET,
    domain: fake.url,
    encryptKey,
    verificationToken,
    log: memoryLogger(),
    botNames: BOT_NAMES,
    ...o.adapter,
  });
  const t = await createTestCore({ env: { PIONEER_ADMINS: 'lark:ou_admin', ...o.env }, adapters: [adapter] });
  // A stand-in replaces the real command of the same name (e.g. 收到 from the notices feature).
  const extra = o.commands ?? [];
  if (extra.length)
    t.core.deps.registry = createRegistry([
      ...ALL_COMMANDS.filter((c) => !extra.some((x) => x.name === c.name)),
      ...extra,
    ]);
  const sender = new LarkSender(t.app, t.clock, encryptKey ?? null);
  const say = async (m: MessageInput) => {
    const before = fake.sent.length;
    const res = await sender.post(messageEvent(m));
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
    await adapter.settled();
    return fake.sent.slice(before);
  };
  return {
    t,
    fake,
    adapter,
    sender,
    say,
    sayText: async (m) => (await say(m)).map((s) => String(s.content.text)).join('\n'),
    close: async () => {
      await adapter.stop?.();
      await t.close();
      await fake.close();
    },
  };
}
