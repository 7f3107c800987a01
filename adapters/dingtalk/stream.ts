import WebSocket from 'ws';
import type { Logger } from '../../src/contracts/log.js';
import {
  STREAM_KEEPALIVE_MS,
  STREAM_RECONNECT_MAX_MS,
  STREAM_RECONNECT_MIN_MS,
  STREAM_SLOW_ACK_MS,
} from './constants.js';
import { streamFrameSchema, type StreamFrame } from './payloads.js';

// DingTalk's Stream mode, spoken here rather than through npm `dingtalk-stream` (2.1.5): the SDK
// hard-codes the gateway URL (a module constant, so it cannot talk to a test server), acknowledges
// EVENT frames before any handler ran, throws out of its socket handler on a frame that is not
// JSON (an uncaught exception), ignores the server's `disconnect` notice, reconnects every second
// without backoff and logs with console. The protocol is small: open a connection over HTTP, then
// JSON frames on a WebSocket.

/** A callback's handler: resolves with the `response` to acknowledge with, or rejects to leave it unacknowledged. */
export type CallbackHandler = (topic: string, data: string, messageId: string) => Promise<unknown>;

export interface StreamOptions {
  /** https://api.dingtalk.com, or a loopback fake. */
  apiBase: string;
  clientId: string;
  clientSecret: string;
  /** CALLBACK topics to subscribe to. */
  topics: readonly string[];
  onCallback: CallbackHandler;
  log: () => Logger;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  keepAliveMs?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * One Stream connection, kept open: `POST /v1.0/gateway/connections/open` gives an endpoint and
 * a one-use ticket, the WebSocket `endpoint?ticket=` carries frames. SYSTEM `ping` is echoed,
 * SYSTEM `disconnect` (the server moving the connection) opens a new one; each CALLBACK is
 * handed to `onCallback` and acknowledged with its result only once it resolved — a handler
 * that rejects leaves the callback unacknowledged, and the server sends it again. A connection
 * that fails or goes quiet (no pong to our pings) is reopened with a growing backoff.
 */
export class StreamClient {
  private readonly stopping = new AbortController();
  private socket: WebSocket | undefined;
  private loop: Promise<void> | undefined;
  /** Resolves when the first connection is open (start() waits for it, or for its failure). */
  private firstOpen: ((ok: boolean) => void) | undefined;
  /** Connections opened so far (tests and logs). */
  connections = 0;

  constructor(private readonly o: StreamOptions) {}

  /** Connects and keeps connecting until stop(); resolves once the first attempt opened or failed. */
  start(): Promise<boolean> {
    const first = new Promise<boolean>((resolve) => (this.firstOpen = resolve));
    this.loop ??= this.run();
    return first;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.socket?.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    const min = this.o.reconnectMinMs ?? STREAM_RECONNECT_MIN_MS;
    const max = this.o.reconnectMaxMs ?? STREAM_RECONNECT_MAX_MS;
    let wait = min;
    while (!this.stopping.signal.aborted) {
      let opened = false;
      try {
        const url = await this.openConnection();
        opened = await this.session(url, () => {
          wait = min;
          this.firstOpen?.(true);
          this.firstOpen = undefined;
        });
      } catch (err) {
        this.o.log().warn('dingtalk stream: connection failed', { err: (err as Error).message });
      }
      this.firstOpen?.(false);
      this.firstOpen = undefined;
      if (this.stopping.signal.aborted) break;
      // A connection the server moved (disconnect) is reopened at once; a failure waits.
      if (!opened) {
        await sleep(wait + Math.floor(Math.random() * min), this.stopping.signal);
        wait = Math.min(wait * 2, max);
      }
    }
  }

  /** The endpoint and ticket for one connection. */
  private async openConnection(): Promise<string> {
    const res = await fetch(`${this.o.apiBase}/v1.0/gateway/connections/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: this.o.clientId,
        clientSecret: this.o.clientSecret,
        subscriptions: this.o.topics.map((topic) => ({ type: 'CALLBACK', topic })),
        ua: 'pioneer/dingtalk',
      }),
      signal: AbortSignal.timeout(20_000),
    });
    const body = (await res.json().catch(() => ({}))) as { endpoint?: unknown; ticket?: unknown; code?: unknown };
    if (!res.ok || typeof body.endpoint !== 'string' || typeof body.ticket !== 'string') {
      throw new Error(`connections/open answered HTTP ${res.status}${body.code ? ` ${String(body.code)}` : ''}`);
    }
    return `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
  }

  /**
   * Runs one WebSocket until it closes. Resolves true when the server asked to move
   * (disconnect): the caller reconnects at once; false for a failure.
   */
  private session(url: string, onOpen: () => void): Promise<boolean> {
    return new Promise((resolve) => {
      const ws = new WebSocket(url);
      this.socket = ws;
      let moved = false;
      let alive = true;
      let keepAlive: ReturnType<typeof setInterval> | undefined;
      ws.on('open', () => {
        this.connections++;
        this.o.log().info('dingtalk stream connected', { connections: this.connections });
        keepAlive = setInterval(() => {
          if (!alive) return ws.terminate();
          alive = false;
          ws.ping();
        }, this.o.keepAliveMs ?? STREAM_KEEPALIVE_MS);
        onOpen();
      });
      ws.on('pong', () => (alive = true));
      ws.on('message', (raw) => {
        alive = true;
        if (this.frame(ws, String(raw)) === 'disconnect') {
          moved = true;
          ws.close();
        }
      });
      ws.on('error', (err) => this.o.log().warn('dingtalk stream socket error', { err: err.message }));
      ws.on('close', () => {
        clearInterval(keepAlive);
        if (this.socket === ws) this.socket = undefined;
        resolve(moved);
      });
    });
  }

  /** Handles one frame; a frame that is not JSON or not a frame is logged and dropped. */
  private frame(ws: WebSocket, raw: string): 'disconnect' | undefined {
    let frame: StreamFrame;
    try {
      const parsed = streamFrameSchema.safeParse(JSON.parse(raw));
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message);
      frame = parsed.data;
    } catch (err) {
      this.o.log().warn('dingtalk stream: unreadable frame', { err: (err as Error).message });
      return undefined;
    }
    const { messageId, topic } = frame.headers;
    if (frame.type === 'SYSTEM') {
      if (topic === 'ping') this.send(ws, { code: 200, headers: frame.headers, message: 'OK', data: frame.data ?? '' });
      if (topic === 'disconnect') return 'disconnect';
      return undefined;
    }
    if (!messageId) return undefined;
    if (frame.type === 'EVENT') {
      // Not subscribed to; acknowledged so that it is not sent again.
      this.ack(ws, messageId, { status: 'SUCCESS', message: 'not handled' });
      return undefined;
    }
    if (frame.type === 'CALLBACK' && topic) void this.callback(ws, topic, frame.data ?? '', messageId);
    return undefined;
  }

  private async callback(ws: WebSocket, topic: string, data: string, messageId: string): Promise<void> {
    const t0 = Date.now();
    let response: unknown;
    try {
      response = await this.o.onCallback(topic, data, messageId);
    } catch (err) {
      // Not stored: no acknowledgement, so that DingTalk delivers it again.
      this.o.log().error('dingtalk stream callback not stored', { messageId, topic, err });
      return;
    }
    const ms = Date.now() - t0;
    if (ms > STREAM_SLOW_ACK_MS) this.o.log().warn('dingtalk stream: slow acknowledgement', { messageId, ms });
    this.ack(ws, messageId, { response: response ?? null });
  }

  private ack(ws: WebSocket, messageId: string, data: unknown): void {
    this.send(ws, {
      code: 200,
      headers: { contentType: 'application/json', messageId },
      message: 'OK',
      data: JSON.stringify(data),
    });
  }

  private send(ws: WebSocket, frame: unknown): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  }
}
