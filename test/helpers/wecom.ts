import { wecomAdapter, type WecomAdapter, type WecomAdapterOptions } from '../../adapters/wecom/index.js';
import { BOT_NAMES } from '../../src/command/parse.js';
import { memoryLogger } from '../../src/contracts/log.js';
import { createTestCore, type TestCore } from './core.js';
import { startFakeWecomApi, type FakeWecomApi } from './fake-wecom-api.js';
import { startFakeWecomWs, type BotFrame, type FakeWecomWs } from './fake-wecom-ws.js';
import { AES_KEY, BOT_ID, BOT_SECRET, messageBody, TOKEN, WecomSender, type MessageInput } from './wecom-callbacks.js';

/** base64 of 32 bytes: robot keys are sealed with it. */
export const WECOM_TEST_DATA_KEY = Buffer.alloc(32, 5).toString('base64');

export interface WecomTest {
  t: TestCore;
  ws: FakeWecomWs;
  api: FakeWecomApi;
  adapter: WecomAdapter;
  sender: WecomSender;
  /** Pushes a message over the long connection; resolves when it was processed, with the frames the bot sent. */
  say(m: MessageInput): Promise<BotFrame[]>;
  /** say(), with the text of what the bot sent (stream replies and markdown pushes) joined by newlines. */
  sayText(m: MessageInput): Promise<string>;
  /** Resolves once the inbox has finished the event `msgid`. */
  processed(msgid: string): Promise<void>;
  close(): Promise<void>;
}

/** The text of a frame the bot sent: a finished stream's content, a markdown push's. */
export function frameText(f: BotFrame): string {
  const b = f.body as { stream?: { content?: string }; markdown?: { content?: string } } | undefined;
  return b?.stream?.content ?? b?.markdown?.content ?? '';
}

/**
 * A real core with the WeCom adapter in front: the real SDK on a loopback fake of the long
 * connection (ws mode) or signed callbacks through the app (webhook mode), and a fake send API.
 */
export async function createWecomTest(
  o: { mode?: 'ws' | 'webhook'; adapter?: Partial<WecomAdapterOptions>; env?: Record<string, string> } = {},
): Promise<WecomTest> {
  const mode = o.mode ?? 'ws';
  const ws = await startFakeWecomWs({ botId: BOT_ID, secret: BOT_SECRET });
  let clockNow = () => Date.now();
  const api = await startFakeWecomApi(() => clockNow());
  const adapter = wecomAdapter({
    mode,
    botId: BOT_ID,
    botSecret: BOT_SECRET,
    token: TOKEN,
    aesKey: AES_KEY,
    wsUrl: ws.url,
    apiBase: api.url,
    reconnectBaseMs: 50,
    botNames: BOT_NAMES,
    log: memoryLogger(),
    ...o.adapter,
  });
  const t = await createTestCore({
    env: { PIONEER_ADMINS: 'wecom:admin,playground:admin', PIONEER_DATA_KEY: WECOM_TEST_DATA_KEY, ...o.env },
    adapters: [adapter],
  });
  clockNow = () => t.clock.now().getTime();
  await adapter.start?.(t.port);
  if (mode === 'ws') await ws.subscribed();
  await adapter.ready?.();
  const done = async (msgid: string) => {
    for (let i = 0; i < 500; i++) {
      const r = await t.store.client.execute({
        sql: "SELECT status FROM claimed_events WHERE platform = 'wecom' AND event_id = ?",
        args: [msgid],
      });
      if (r.rows[0]?.status === 'done') return adapter.settled();
      await new Promise((res) => setTimeout(res, 10));
    }
    throw new Error(`wecom event ${msgid} was not processed`);
  };
  const say = async (m: MessageInput) => {
    const before = ws.frames.length;
    const body = messageBody(m);
    ws.push(body);
    await done(body.msgid as string);
    return ws.frames.slice(before).filter((f) => f.cmd !== 'ping');
  };
  return {
    t,
    ws,
    api,
    adapter,
    sender: new WecomSender(t.app, t.clock),
    say,
    sayText: async (m) => (await say(m)).map(frameText).join('\n'),
    processed: done,
    close: async () => {
      await adapter.stop?.();
      await t.close();
      await ws.close();
      await api.close();
    },
  };
}
