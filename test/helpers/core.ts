import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { playgroundAdapter } from '../../adapters/playground/index.js';
import type { Adapter, Core } from '../../src/contracts/adapter.js';
import { createApp } from '../../src/http/app.js';
import { heldTexts } from '../../commands/outbox-admin/texts.js';
import { loadConfig, type Config } from '../../src/contracts/config/index.js';
import { createDeps } from '../../src/runtime/deps.js';
import { openStore, type EmbeddedDriver } from '../../src/db/open.js';
import type { SqlStore } from '../../src/contracts/store.js';
import { memoryLogger } from '../../src/contracts/log.js';
import type { MessageResult, Reply } from '../../src/contracts/message.js';
import { ManualClock } from '../../src/contracts/time.js';

export interface TestCore {
  app: Hono;
  core: Core;
  store: SqlStore;
  clock: ManualClock;
  config: Config;
  log: ReturnType<typeof memoryLogger>;
  dbPath: string;
  /** Sends one message through POST /v1/messages and returns the parsed answer. */
  send(input: SendInput): Promise<MessageResult>;
  /** Sends and returns the text of the replies joined by newlines. */
  say(input: SendInput): Promise<string>;
  close(): Promise<void>;
}

export interface SendInput {
  text: string;
  from: string;
  name?: string;
  chat?: string;
  chatType?: 'group' | 'direct';
  chatName?: string;
  mentions?: { id: string; name: string }[];
  messageId?: string;
  platform?: string;
}

/** A real app over a real libSQL file with the real migrations, and an injected clock. */
export async function createTestCore(
  opts: { env?: Record<string, string>; now?: string; adapters?: Adapter[]; driver?: EmbeddedDriver } = {},
): Promise<TestCore> {
  const dir = mkdtempSync(join(tmpdir(), 'pioneer-test-'));
  const dbPath = join(dir, 'test.db');
  const config = loadConfig({ DATABASE_URL: `file:${dbPath}`, NODE_ENV: 'test', PIONEER_ADMINS: 'playground:admin', ...opts.env });
  // PIONEER_TEST_DB_DRIVER=client runs the suite over @libsql/client instead of the engine.
  const store = await openStore({ url: config.DATABASE_URL, driver: opts.driver ?? (process.env.PIONEER_TEST_DB_DRIVER as EmbeddedDriver | undefined) });
  const clock = new ManualClock(opts.now ?? '2026-12-01T02:00:00Z');
  const log = memoryLogger();
  const deps = createDeps({ config, store, clock, log });
  const { app, core } = createApp({ deps, adapters: opts.adapters ?? [playgroundAdapter()], heldTexts });
  let seq = 0;
  const send = async (input: SendInput): Promise<MessageResult> => {
    const direct = input.chatType === 'direct' || (!input.chat && input.chatType !== 'group');
    const body = {
      platform: input.platform ?? 'playground',
      chatId: direct ? input.from : (input.chat ?? 'g1'),
      chatType: direct ? 'direct' : 'group',
      chatName: input.chatName,
      senderId: input.from,
      senderName: input.name,
      messageId: input.messageId ?? `t-${++seq}-${Math.random().toString(36).slice(2)}`,
      text: input.text,
      mentions: input.mentions ?? [],
      mentionsBot: false,
    };
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (config.CORE_TOKEN) headers.authorization = `Bearer ${config.CORE_TOKEN}`;
    const res = await app.request('/v1/messages', { method: 'POST', headers, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    return (await res.json()) as MessageResult;
  };
  return {
    app,
    core,
    store,
    clock,
    config,
    log,
    dbPath,
    send,
    say: async (input) => (await send(input)).replies.map((r: Reply) => r.text).join('\n'),
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Admin creates 泰山区某社区党委 + 第一支部, binds g1 and returns a fresh invite code. */
export async function setupBranch(t: TestCore, opts: { chat?: string; title?: string } = {}): Promise<string> {
  await t.say({ from: 'admin', text: '建组织 泰山区某社区党委' });
  await t.say({ from: 'admin', text: '建组织 第一支部 泰山区某社区党委' });
  await t.say({ from: 'admin', chat: opts.chat ?? 'g1', text: '绑定 第一支部' });
  return inviteCode(await t.say({ from: 'admin', chat: opts.chat ?? 'g1', text: `邀请 ${opts.title ?? '党员'}` }));
}

/** Extracts the invite code from the bot's 邀请 reply. */
export function inviteCode(reply: string): string {
  const m = /邀请码：([A-Z2-9]{8})/.exec(reply);
  if (!m) throw new Error(`no invite code in: ${reply}`);
  return m[1]!;
}
