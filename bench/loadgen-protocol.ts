/**
 * What bench/http.ts (the server process) and bench/loadgen.ts (the autocannon child process)
 * say to each other, and the request bodies both sides agree on.
 */

export type LoadKind = 'echo' | 'read' | 'write' | 'checkin';

export interface LoadSpec {
  label: string;
  kind: LoadKind;
  /** e.g. http://127.0.0.1:40123 */
  origin: string;
  path: string;
  connections: number;
  durationSeconds: number;
  /** Makes messageIds and senderIds unique across runs. */
  runTag: string;
  /**
   * write: the i-th request uses inviteCodeAt(codeBlock, i); checkin: the i-th request comes from
   * member memberUserAt(codeBlock, i); both for i < codeCount.
   */
  codeBlock: string;
  codeCount: number;
  /** Substring every correct 2xx answer contains; counted as `matched`. */
  expect: string;
}

export interface LoadResult {
  label: string;
  kind: LoadKind;
  /** Wall time of the run, measured in the child. */
  seconds: number;
  /** Completed responses of any status. */
  responses: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** 2xx answers containing `spec.expect`. */
  matched: number;
  /** Bodies built (each uses a fresh messageId, and for writes a fresh invite code). */
  built: number;
  /** Per-response latency in ms, in arrival order. */
  latenciesMs: Float64Array;
  /** CPU the load generator used during the run, µs (user + system). */
  loadGenCpuUs: number;
  /** First 2xx body that did not contain `expect`, for diagnosis. */
  firstMismatch: string | null;
}

export type ToChild = { type: 'run'; spec: LoadSpec } | { type: 'exit' };
export type FromChild = { type: 'ready' } | { type: 'result'; result: LoadResult } | { type: 'error'; message: string };

/** The reading member of group g1 (joins 第一支部 during setup). */
export const READER_ID = 'bench-reader';
export const BENCH_CHAT = 'g1';
export const SENT_AT = '2026-12-01T07:00:00Z';

/** Invite code number i of a block: "<block><i in base 36>", 8 upper-case letters and digits. */
export function inviteCodeAt(block: string, i: number): string {
  return (
    block +
    i
      .toString(36)
      .toUpperCase()
      .padStart(8 - block.length, '0')
  );
}

/** The group message a member sends; also the echo body. */
export function readBody(messageId: string): string {
  return JSON.stringify({
    platform: 'playground',
    chatId: BENCH_CHAT,
    chatType: 'group',
    chatName: '第一支部群',
    senderId: READER_ID,
    senderName: '读者',
    messageId,
    text: '帮助',
    mentions: [],
    mentionsBot: false,
    sentAt: SENT_AT,
  });
}

/** A stranger joins with a fresh invite code in a direct chat. */
export function joinBody(messageId: string, senderId: string, code: string, name: string): string {
  return JSON.stringify({
    platform: 'playground',
    chatId: senderId,
    chatType: 'direct',
    senderId,
    senderName: name,
    messageId,
    text: `加入 ${code} ${name}`,
    mentions: [],
    mentionsBot: false,
    sentAt: SENT_AT,
  });
}

/** Platform user id of pre-registered member i of a block (bench/checkin.ts). */
export function memberUserAt(block: string, i: number): string {
  return `${block}-${i}`;
}

/** A member checks in to the open meeting of group g1. */
export function checkinBody(messageId: string, senderId: string): string {
  return JSON.stringify({
    platform: 'playground',
    chatId: BENCH_CHAT,
    chatType: 'group',
    chatName: '第一支部群',
    senderId,
    messageId,
    text: '签到',
    mentions: [],
    mentionsBot: false,
    sentAt: SENT_AT,
  });
}
