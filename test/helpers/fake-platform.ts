import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** Lark's dedupe window for `uuid`. */
const UUID_WINDOW_MS = 3_600_000;

export interface FakePlatformOptions {
  /** Requests per sliding second per app; above it the fake answers 429. */
  appPerSec?: number;
  /** Requests per sliding second per chat. */
  chatPerSec?: number;
  /** Seconds in the 429's x-ogw-ratelimit-reset header. */
  resetSec?: number;
  /**
   * After an app-wide 429, requests to other chats that were already on their way are not early
   * retries: only those arriving more than this after it count.
   */
  appGraceMs?: number;
  /** Called for every message actually delivered; return false to leave the request unanswered. */
  onDeliver?(d: Delivery, fake: FakePlatform): boolean | void;
}

export interface Delivery {
  chatId: string;
  uuid: string;
  text: string;
  owner: string;
  at: number;
}

/**
 * A loopback stand-in for Lark's send-message API (POST /open-apis/im/v1/messages): it counts what
 * it receives, refuses a `uuid` over 50 characters, delivers a repeated uuid within an hour only
 * once (answering success, as Lark does), and answers 429 with x-ogw-ratelimit-reset above its limits.
 */
export class FakePlatform {
  url = '';
  requests = 0;
  readonly delivered: Delivery[] = [];
  /** Requests answered "ok" without delivering, because their uuid was seen within the hour. */
  duplicatesSuppressed = 0;
  throttled = 0;
  /** Requests that came for a chat (or the app) before the reset time a 429 told them. */
  earlyRetries = 0;
  readonly requestsPerKey = new Map<string, number>();
  private readonly seen = new Map<string, number>();
  private appTimes: number[] = [];
  private readonly chatTimes = new Map<string, number[]>();
  private appBlockedFrom = 0;
  private appBlockedUntil = 0;
  private readonly chatBlockedUntil = new Map<string, number>();
  private readonly server = createServer((req, res) => void this.handle(req, res));

  constructor(private readonly opts: FakePlatformOptions = {}) {}

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** How many times each chat received a message. */
  perChat(): Map<string, number> {
    const m = new Map<string, number>();
    for (const d of this.delivered) m.set(d.chatId, (m.get(d.chatId) ?? 0) + 1);
    return m;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const now = performance.now();
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || !req.url?.startsWith('/open-apis/im/v1/messages')) return json(404, { code: 404 });
    const body = JSON.parse(raw) as { receive_id: string; uuid?: string; content: string };
    const uuid = body.uuid ?? '';
    const chat = body.receive_id;
    this.requests++;
    this.requestsPerKey.set(uuid, (this.requestsPerKey.get(uuid) ?? 0) + 1);
    if (uuid.length > 50) return json(400, { code: 99992402, msg: 'uuid longer than 50' });
    const appBlocked = now > this.appBlockedFrom && now < this.appBlockedUntil;
    if (appBlocked || now < (this.chatBlockedUntil.get(chat) ?? 0)) this.earlyRetries++;
    const over = this.over(chat, now);
    if (over) {
      this.throttled++;
      const reset = this.opts.resetSec ?? 1;
      if (over === 'app') {
        this.appBlockedFrom = now + (this.opts.appGraceMs ?? 0);
        this.appBlockedUntil = now + reset * 1000;
      } else this.chatBlockedUntil.set(chat, now + reset * 1000);
      return json(
        429,
        { code: 99991400, msg: 'request trigger frequency limit' },
        { 'x-ogw-ratelimit-reset': String(reset) },
      );
    }
    const first = this.seen.get(uuid);
    if (first !== undefined && now - first < UUID_WINDOW_MS) {
      this.duplicatesSuppressed++;
      return json(200, { code: 0, data: { message_id: `om_${uuid}` } });
    }
    this.seen.set(uuid, now);
    const text = (JSON.parse(body.content) as { text?: string }).text ?? '';
    const d: Delivery = { chatId: chat, uuid, text, owner: String(req.headers['x-relay-owner'] ?? ''), at: now };
    this.delivered.push(d);
    if (this.opts.onDeliver?.(d, this) === false) return; // left hanging: the sender never hears back
    json(200, { code: 0, data: { message_id: `om_${uuid}` } });
  }

  /** Counts the request against the sliding-second windows; names the one it exceeds. */
  private over(chat: string, now: number): 'app' | 'chat' | null {
    this.appTimes = this.appTimes.filter((t) => t > now - 1000);
    const chatTimes = (this.chatTimes.get(chat) ?? []).filter((t) => t > now - 1000);
    this.chatTimes.set(chat, chatTimes);
    if (this.opts.appPerSec !== undefined && this.appTimes.length >= this.opts.appPerSec) return 'app';
    if (this.opts.chatPerSec !== undefined && chatTimes.length >= this.opts.chatPerSec) return 'chat';
    this.appTimes.push(now);
    chatTimes.push(now);
    return null;
  }
}
