import { WSClient, type WsFrame } from '@wecom/aibot-node-sdk';
import type { Logger } from '../../src/contracts/log.js';
import { sdkError } from './errors.js';

export interface LinkOptions {
  botId: string;
  secret: string;
  /** The long connection's address (a loopback fake in tests). */
  wsUrl: string;
  /** First reconnect delay; the SDK doubles it up to 30 s. */
  reconnectBaseMs: number;
  /** Gap between two `ping`s (WeCom closes a socket idle for about 30 s). */
  heartbeatMs: number;
  /** Where the SDK's warnings go (its debug lines hold whole frames: dropped). */
  log: () => Logger;
}

/** What arrives over the connection: a message or event callback's body, with its frame. */
export type FrameHandler = (body: unknown, frame: WsFrame) => void;

/**
 * The AI bot's long connection, through the official SDK: `aibot_subscribe` with the bot id and
 * secret, `ping` every 30 s, reconnects with backoff (1 s → 30 s, without end), callbacks in,
 * replies and pushes out, each resolved by its ack (`req_id`) or rejected as a DeliveryError.
 */
export class AibotLink {
  private readonly client: WSClient;
  private readonly authenticated: Promise<void>;
  private reconnects = 0;

  constructor(opts: LinkOptions, onFrame: FrameHandler) {
    const warn = (message: string, ...parts: unknown[]) =>
      opts.log().warn('wecom sdk', { detail: [message, ...parts.map(String)].join(' ').slice(0, 500) });
    const drop = () => undefined;
    this.client = new WSClient({
      botId: opts.botId,
      secret: opts.secret,
      wsUrl: opts.wsUrl,
      reconnectInterval: opts.reconnectBaseMs,
      heartbeatInterval: opts.heartbeatMs,
      maxReconnectAttempts: -1,
      logger: { debug: drop, info: drop, warn, error: warn },
    });
    this.client.on('message', (frame) => onFrame(frame.body, frame));
    this.client.on('event', (frame) => onFrame(frame.body, frame));
    this.client.on('reconnecting', () => void this.reconnects++);
    this.client.on('error', (err) => warn('connection error', err));
    this.authenticated = new Promise((resolve) => this.client.once('authenticated', () => resolve()));
  }

  /** Opens the connection; `ready()` resolves once WeCom accepted the subscription. */
  connect(): void {
    this.client.connect();
  }

  ready(): Promise<void> {
    return this.authenticated;
  }

  get connected(): boolean {
    return this.client.isConnected;
  }

  /** How many times the connection was lost and retried (for the log and tests). */
  get reconnectAttempts(): number {
    return this.reconnects;
  }

  /** Answers the callback of `frame` (its `req_id`) with one finished stream of markdown. */
  async reply(frame: WsFrame, streamId: string, markdown: string): Promise<void> {
    await this.client.replyStream(frame, streamId, markdown, true).catch((err: unknown) => {
      throw sdkError('wecom reply', err);
    });
  }

  /** `aibot_send_msg` to a chat (group chatid) or a person (userid). */
  async send(chatId: string, body: Record<string, unknown>): Promise<void> {
    await this.client.sendMessage(chatId, body as never).catch((err: unknown) => {
      throw sdkError('wecom aibot_send_msg', err);
    });
  }

  /** Replaces a pressed card for everyone (`aibot_respond_update_msg`, within 5 s of the press). */
  async updateCard(frame: WsFrame, card: Record<string, unknown>): Promise<void> {
    await this.client.updateTemplateCard(frame, card as never).catch((err: unknown) => {
      throw sdkError('wecom card update', err);
    });
  }

  close(): void {
    this.client.disconnect();
  }
}
