import {
  dingtalkAdapter,
  dingtalkSign,
  TOPIC_ROBOT,
  type DingTalkAdapter,
  type DingTalkAdapterOptions,
} from '../../adapters/dingtalk/index.js';
import { BOT_NAMES } from '../../src/command/parse.js';
import { memoryLogger } from '../../src/contracts/log.js';
import type { Clock } from '../../src/contracts/time.js';
import { createTestCore, type TestCore } from './core.js';
import { startFakeDingTalk, type DingSent, type FakeDingTalk, type FakeDingTalkOptions } from './fake-dingtalk.js';

export const CLIENT_ID = 'dingtestclientid0001';
export const CLIENT_SECRET = 'test-dingtalk-client-secret-0123456789';
export const BOT_USER_ID = '$:LWCP_v1:$botbotbot';
export const ROBOT_TOKEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
export const ROBOT_SECRET = 'SEC0123456789abcdef0123456789abcdef';

export interface RobotMessageInput {
  from: string;
  name?: string;
  text: string;
  /** A group's openConversationId; absent: a direct chat. */
  group?: string;
  msgId?: string;
  /** Staff ids @-mentioned (besides the bot, when `atBot`). */
  at?: string[];
  atBot?: boolean;
  /** sessionWebhook validity from now, ms (default 90 minutes). */
  sessionMs?: number;
}

let seq = 0;

/** A robot message as DingTalk sends it (Stream callback data, HTTP callback body). */
export function robotMessage(fakeUrl: string, m: RobotMessageInput, now = Date.now()): Record<string, unknown> {
  const msgId = m.msgId ?? `msg-${++seq}`;
  const at = [...(m.at ?? []).map((s) => ({ dingtalkId: `$:dt:${s}`, staffId: s }))];
  if (m.atBot ?? !!m.group) at.push({ dingtalkId: BOT_USER_ID } as never);
  return {
    msgId,
    msgtype: 'text',
    text: { content: m.text },
    conversationId: m.group ?? `cid-direct-${m.from}`,
    conversationType: m.group ? '2' : '1',
    ...(m.group ? { conversationTitle: '第一支部群' } : {}),
    senderId: `$:dt:${m.from}`,
    senderStaffId: m.from,
    senderNick: m.name ?? m.from,
    chatbotUserId: BOT_USER_ID,
    robotCode: CLIENT_ID,
    isInAtList: m.atBot ?? !!m.group,
    atUsers: at,
    createAt: now,
    sessionWebhook: `${fakeUrl}/robot/sendBySession?session=s-${m.group ?? m.from}`,
    sessionWebhookExpiredTime: now + (m.sessionMs ?? 90 * 60_000),
  };
}

/** The readable text of a sent message, whatever its type. */
export function sentText(s: DingSent): string {
  const b = s.body as { content?: string; text?: string | { content?: string }; markdown?: { text?: string } };
  if (typeof b.text === 'object') return b.text.content ?? '';
  return b.markdown?.text ?? b.content ?? (typeof b.text === 'string' ? b.text : '');
}

export interface DingTalkTest {
  t: TestCore;
  fake: FakeDingTalk;
  adapter: DingTalkAdapter;
  /** Sends a message as a Stream callback, waits for its acknowledgement and the work; what the bot sent. */
  say(m: RobotMessageInput): Promise<DingSent[]>;
  sayText(m: RobotMessageInput): Promise<string>;
  /** Posts a signed HTTP callback (webhook mode). */
  post(body: unknown, opts?: { timestamp?: number; sign?: string }): Promise<Response>;
  close(): Promise<void>;
}

/** A real core with the DingTalk adapter, talking to the fake Stream gateway and Open API on 127.0.0.1. */
export async function createDingTalkTest(
  o: { adapter?: Partial<DingTalkAdapterOptions>; fake?: Partial<FakeDingTalkOptions> } = {},
): Promise<DingTalkTest> {
  const fake = await startFakeDingTalk({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    robots: { [ROBOT_TOKEN]: ROBOT_SECRET },
    ...o.fake,
  });
  // The adapter reads the core's test clock (加签 timestamps, sessionWebhook validity), made below.
  let t: TestCore | undefined;
  const clock: Clock = { now: () => t?.clock.now() ?? new Date() };
  const adapter = dingtalkAdapter({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    mode: 'stream',
    apiBase: fake.url,
    oapiBase: fake.url,
    log: memoryLogger(),
    botNames: BOT_NAMES,
    clock,
    reconnectMinMs: 50,
    ...o.adapter,
  });
  const core = await createTestCore({ env: { PIONEER_ADMINS: 'dingtalk:admin' }, adapters: [adapter] });
  t = core;
  const say = async (m: RobotMessageInput) => {
    const before = fake.sent.length;
    await fake.callback(TOPIC_ROBOT, robotMessage(fake.url, m, core.clock.now().getTime()));
    await adapter.settled();
    return fake.sent.slice(before);
  };
  const post = (body: unknown, p: { timestamp?: number; sign?: string } = {}) => {
    const timestamp = String(p.timestamp ?? core.clock.now().getTime());
    return Promise.resolve(
      core.app.request('/webhooks/dingtalk', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          timestamp,
          sign: p.sign ?? dingtalkSign(timestamp, CLIENT_SECRET),
        },
        body: JSON.stringify(body),
      }),
    );
  };
  return {
    t: core,
    fake,
    adapter,
    say,
    sayText: async (m) => (await say(m)).map(sentText).join('\n'),
    post,
    close: async () => {
      await adapter.stop?.();
      await core.close();
      await fake.close();
    },
  };
}
