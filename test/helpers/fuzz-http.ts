/**
 * Fuzzing POST /v1/messages: generators of requests (valid messages from every persona, bodies
 * with a field broken, garbage, deeply nested or oversized JSON, missing or wrong tokens) and
 * the properties every answer must have. Shared by test/src/http/app-fuzz.test.ts and bench/fuzz.ts.
 */
import fc from 'fast-check';
import type { Hono } from 'hono';
import type { Registry } from '../../src/command/define.js';
import { MAX_COMMAND_CHARS, normalizeText, parseCommand } from '../../src/command/parse.js';
import type { IncomingMessage, MessageResult } from '../../src/contracts/message.js';
import { chatText, mentions } from './fuzz-inputs.js';
import { HOUSEHOLD, PERSONAS } from './world.js';

/** The bearer token the fuzzed app is configured with. */
export const FUZZ_TOKEN = 'fuzz-core-token';

export type FuzzKind = 'message' | 'broken-field' | 'garbage' | 'oversized' | 'no-token';

export interface FuzzRequest {
  kind: FuzzKind;
  body: string;
  token: string | null;
  /** The message as sent (a fresh messageId is added), when the body is a valid message. */
  message?: Omit<IncomingMessage, 'messageId'>;
}

const SENDERS = [...Object.values(PERSONAS).map((p) => p.userId), 'ghost', 'ou_abc', '0', 'a'.repeat(256)];

/** A message that fits the schema, from anyone, in g1, g2, an unbound group or a direct chat. */
const message = fc
  .record({
    platform: fc.constantFrom('playground', 'playground', 'playground', 'lark', 'wechat'),
    group: fc.boolean(),
    groupId: fc.constantFrom('g1', 'g1', 'g2', 'g-unbound', 'oc_x'),
    senderId: fc.constantFrom(...SENDERS),
    senderName: fc.option(fc.string({ maxLength: 128 }), { nil: undefined }),
    chatName: fc.option(fc.string({ maxLength: 60 }), { nil: undefined }),
    text: chatText,
    mentions,
    mentionsBot: fc.boolean(),
  })
  .map(({ group, groupId, ...m }): Omit<IncomingMessage, 'messageId'> => ({
    ...m,
    chatType: group ? 'group' : 'direct',
    chatId: group ? groupId : m.senderId,
  }));

/** A value of the wrong type or size for any field. */
const wrongValue = fc.oneof(
  fc.constantFrom(null, 0, -1, true, [], {}, '', 'x'.repeat(300), 1e308, '2026-13-45T99:99:99Z'),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 1, max: 2000 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown),
);
const FIELDS = [
  'platform',
  'chatId',
  'chatType',
  'senderId',
  'messageId',
  'text',
  'mentions',
  'mentionsBot',
  'sentAt',
  'chatName',
  'senderName',
];

/** Bodies that are not JSON objects at all, or nest deeper than any parser should recurse. */
const garbage = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '',
    '{',
    '{"platform":',
    'null',
    '[]',
    '"text"',
    '1e999',
    '{"__proto__":{"admin":true}}',
    '\uFEFF{}',
    'undefined',
  ),
  fc.integer({ min: 1, max: 30_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 1, max: 5_000 }).map((n) => `{"platform":"playground","x":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
);

let seq = 0;
/** Unique per process run, so every valid message is new to the idempotency table. */
function nextMessageId(): string {
  return `fuzz-${process.pid}-${++seq}`;
}

/** One request of any kind, weighted towards messages that reach the dispatcher. */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  {
    weight: 12,
    arbitrary: message.map((m): FuzzRequest => ({ kind: 'message', body: '', token: FUZZ_TOKEN, message: m })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(message, fc.constantFrom(...FIELDS), fc.option(wrongValue, { nil: undefined }))
      .map(([m, field, value]): FuzzRequest => ({
        kind: 'broken-field',
        body: JSON.stringify({ ...m, messageId: 'x', [field]: value }),
        token: FUZZ_TOKEN,
      })),
  },
  { weight: 2, arbitrary: garbage.map((body): FuzzRequest => ({ kind: 'garbage', body, token: FUZZ_TOKEN })) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 65 * 1024, max: 400 * 1024 }).map((n): FuzzRequest => ({
      kind: 'oversized',
      body: JSON.stringify({ text: 'x'.repeat(n) }),
      token: FUZZ_TOKEN,
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(null, '', 'wrong', `${FUZZ_TOKEN}x`)
      .map((token): FuzzRequest => ({ kind: 'no-token', body: '{}', token })),
  },
);

function parseJson<T>(text: string): T | null {
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

/** What a request of each kind may be answered with. */
const ALLOWED: Record<FuzzKind, readonly number[]> = {
  message: [200],
  'broken-field': [200, 400],
  garbage: [400],
  oversized: [413],
  'no-token': [401],
};

export interface FuzzOutcome {
  status: number;
  problems: string[];
  /** A direct message the dispatcher answered. */
  answeredDirect: boolean;
}

/** Sends one request and checks every property; never throws for a bad answer, it reports it. */
export async function runFuzzRequest(app: Hono, registry: Registry, req: FuzzRequest): Promise<FuzzOutcome> {
  const msg = req.message ? { ...req.message, messageId: nextMessageId() } : undefined;
  const body = msg ? JSON.stringify(msg) : req.body;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (req.token !== null) headers.authorization = `Bearer ${req.token}`;
  const res = await app.request('/v1/messages', { method: 'POST', headers, body });
  const problems: string[] = [];
  const what = `${req.kind} ${body.slice(0, 160)}`;
  const answer = await res.text();
  if (!ALLOWED[req.kind].includes(res.status)) problems.push(`HTTP ${res.status} for ${what}: ${answer.slice(0, 200)}`);
  if (res.status !== 200) {
    if (typeof parseJson<{ error?: unknown }>(answer)?.error !== 'string')
      problems.push(`HTTP ${res.status} without a JSON error for ${what}`);
    return { status: res.status, problems, answeredDirect: false };
  }
  const result = parseJson<MessageResult>(answer);
  if (!result || !Array.isArray(result.replies))
    return { status: 200, problems: [...problems, `200 without replies for ${what}`], answeredDirect: false };
  if (!msg) return { status: 200, problems, answeredDirect: false };
  const texts = result.replies.map((r) => r.text);
  if (texts.some((x) => typeof x !== 'string' || x.trim() === '')) problems.push(`empty reply for ${what}`);
  if (texts.some((x) => /错误编号/.test(x))) problems.push(`apology for ${what}: ${texts.join(' | ').slice(0, 300)}`);
  const group = msg.chatType === 'group';
  if (!group && result.replies.length === 0) problems.push(`no answer in a direct chat for ${what}`);
  const parsed = parseCommand(msg.text, msg.mentions, msg.mentionsBot);
  // Only a command, or a message addressed to the bot (answered with a hint), gets a reply in a group.
  const addressed = msg.mentionsBot || parsed?.addressed === true;
  // A command over the length limit is not parsed, but its first word still names it: it is told
  // what was too long (src/command/too-long.ts), in the group too.
  const head = parsed ? null : parseCommand(msg.text.slice(0, 200), msg.mentions, msg.mentionsBot);
  const tooLong = !!head && registry.recognise(head, 'group') && normalizeText(msg.text).length > MAX_COMMAND_CHARS;
  if (group && (!parsed || !registry.recognise(parsed, 'group')) && !addressed && !tooLong && result.replies.length)
    problems.push(`chatter in a group for ${what}: ${texts.join(' | ')}`);
  for (const r of result.replies) {
    if (group && !r.direct && Object.values(HOUSEHOLD).some((v) => r.text.includes(v)))
      problems.push(`household data in a group for ${what}`);
  }
  return { status: 200, problems, answeredDirect: !group };
}
