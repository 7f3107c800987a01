import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

// The far side of the 智能机器人's long connection, as @wecom/aibot-node-sdk speaks it: JSON
// frames `{ cmd, headers: { req_id }, body }` from the bot, acks `{ headers: { req_id }, errcode,
// errmsg }` (no cmd) back, callbacks pushed as `aibot_msg_callback` / `aibot_event_callback`.

export interface BotFrame {
  cmd: string;
  headers: { req_id: string };
  body?: Record<string, unknown>;
}

export interface FakeWecomWsOptions {
  botId: string;
  secret: string;
}

export interface FakeWecomWs {
  url: string;
  /** Every frame the bot sent, pings and subscriptions included, in order. */
  frames: BotFrame[];
  /** Frames of one command. */
  sent(cmd: string): BotFrame[];
  /** errcodes to answer the next sends (aibot_send_msg, replies, card updates) with, in order. */
  refuseNext: number[];
  /** Resolves once the bot has subscribed `n` times in all (reconnects subscribe again). */
  subscribed(n?: number): Promise<void>;
  /** Pushes a callback body to the connected bot; returns its req_id. */
  push(body: Record<string, unknown>, cmd?: 'aibot_msg_callback' | 'aibot_event_callback'): string;
  /** Ends the current socket abruptly (as a network failure would). */
  drop(): void;
  waitFor<T>(find: () => T | undefined, what?: string): Promise<T>;
  close(): Promise<void>;
}

const ACKED = new Set(['aibot_respond_msg', 'aibot_send_msg', 'aibot_respond_update_msg', 'aibot_respond_welcome_msg']);

/** Starts the fake on 127.0.0.1 (a free port). */
export async function startFakeWecomWs(o: FakeWecomWsOptions): Promise<FakeWecomWs> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const frames: BotFrame[] = [];
  const refuseNext: number[] = [];
  let socket: WebSocket | undefined;
  let subscriptions = 0;
  let seq = 0;
  const ack = (ws: WebSocket, reqId: string, errcode = 0) =>
    ws.send(JSON.stringify({ headers: { req_id: reqId }, errcode, errmsg: errcode ? 'refused' : 'ok' }));

  wss.on('connection', (ws) => {
    ws.on('message', (data: Buffer) => {
      const f = JSON.parse(data.toString()) as BotFrame;
      frames.push(f);
      if (f.cmd === 'aibot_subscribe') {
        const ok = f.body?.bot_id === o.botId && f.body?.secret === o.secret;
        if (ok) {
          socket = ws;
          subscriptions++;
        }
        return ack(ws, f.headers.req_id, ok ? 0 : 40058);
      }
      if (f.cmd === 'ping') return ack(ws, f.headers.req_id);
      if (ACKED.has(f.cmd)) return ack(ws, f.headers.req_id, refuseNext.shift() ?? 0);
    });
  });

  const waitFor = async <T>(find: () => T | undefined, what = 'condition'): Promise<T> => {
    for (let i = 0; i < 500; i++) {
      const hit = find();
      if (hit !== undefined) return hit;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`fake wecom ws: timed out waiting for ${what}`);
  };

  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    frames,
    sent: (cmd) => frames.filter((f) => f.cmd === cmd),
    refuseNext,
    subscribed: (n = 1) => waitFor(() => (subscriptions >= n ? true : undefined), `${n} subscriptions`).then(() => {}),
    push(body, cmd = 'aibot_msg_callback') {
      if (!socket) throw new Error('fake wecom ws: no bot connected');
      const reqId = `req_${++seq}`;
      socket.send(JSON.stringify({ cmd, headers: { req_id: reqId }, body }));
      return reqId;
    },
    drop() {
      socket?.terminate();
      socket = undefined;
    },
    waitFor,
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}
