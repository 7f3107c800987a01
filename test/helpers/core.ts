import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import type { CommandDeps } from '../../src/command/context.js';
import type { Adapter, CorePort } from '../../src/contracts/adapter.js';
import type { Config } from '../../src/contracts/config/index.js';
import { openStore, type EmbeddedDriver } from '../../src/db/open.js';
import type { SqlStore } from '../../src/contracts/store.js';
import { memoryLogger } from '../../src/contracts/log.js';
import type { MessageResult, Reply } from '../../src/contracts/message.js';
import { ManualClock } from '../../src/contracts/time.js';
import type { Relay } from '../../src/outbox/relay.js';
import { assemble } from '../../src/runtime/assemble.js';
import { folderStore } from '../../src/runtime/files/folder.js';
import { WorkerThumbnailer } from '../../src/runtime/files/thumbnailer.js';
import type { Inbox } from '../../src/runtime/inbox.js';

export interface TestCore {
  app: Hono;
  /** The core's deps (registry, cache, config…) and its port, as the assembly built them. */
  core: { deps: CommandDeps; port: CorePort };
  port: CorePort;
  /** The core's inbox (src/runtime/inbox.ts): adapters' responders registered, not draining on a timer. */
  inbox: Inbox;
  /** The assembly's relay over the adapters' deliverers (not started: tests run rounds themselves). */
  relay: Relay;
  adapters: readonly Adapter[];
  store: SqlStore;
  clock: ManualClock;
  config: Config;
  log: ReturnType<typeof memoryLogger>;
  dbPath: string;
  /** Where the folder file store keeps meeting photos. */
  filesDir: string;
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

/**
 * A real app over a real libSQL file with the real migrations, and an injected clock, built by
 * the runtime assembly the entries use. Without `adapters` the modules the env enables run (the
 * playground, in NODE_ENV=test); with them, exactly those.
 */
export async function createTestCore(
  opts: {
    env?: Record<string, string>;
    now?: string;
    adapters?: Adapter[];
    driver?: EmbeddedDriver;
    /** Keep no files (a Worker without R2). */
    noFiles?: boolean;
  } = {},
): Promise<TestCore> {
  const dir = mkdtempSync(join(tmpdir(), 'pioneer-test-'));
  const dbPath = join(dir, 'test.db');
  const env = { DATABASE_URL: `file:${dbPath}`, NODE_ENV: 'test', PIONEER_ADMINS: 'playground:admin', ...opts.env };
  // PIONEER_TEST_DB_DRIVER=client runs the suite over @libsql/client instead of the engine.
  const driver = opts.driver ?? (process.env.PIONEER_TEST_DB_DRIVER as EmbeddedDriver | undefined);
  let store: SqlStore | undefined;
  const clock = new ManualClock(opts.now ?? '2026-12-01T02:00:00Z');
  const log = memoryLogger();
  const thumbnails = new WorkerThumbnailer();
  const { app, deps, port, inbox, relay, adapters, config } = await assemble({
    env,
    runtime: 'node',
    store: async (c) => (store = await openStore({ url: c.DATABASE_URL, driver })),
    clock,
    log,
    ...(opts.noFiles ? {} : { files: () => folderStore(join(dir, 'files')), thumbnails }),
    ...(opts.adapters ? { adapters: opts.adapters } : {}),
  });
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
    core: { deps, port },
    port,
    inbox,
    relay,
    adapters,
    store: store!,
    clock,
    config,
    log,
    dbPath,
    send,
    say: async (input) => (await send(input)).replies.map((r: Reply) => r.text).join('\n'),
    filesDir: join(dir, 'files'),
    close: async () => {
      await thumbnails.close();
      await store!.close();
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

/**
 * Deletes the direct messages that tell issuers who used their invite codes (kind invite.used,
 * commands/org/invites.ts): for tests that count or deliver the other rows of the outbox.
 */
export async function dropInviteNotices(t: TestCore): Promise<void> {
  await t.store.client.execute("DELETE FROM outbox WHERE kind = 'invite.used'");
}
