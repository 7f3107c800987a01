import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { FakeDingRead } from './fake-dingtalk-read.js';

/** One message the fake accepted, whichever API it came by. */
export interface DingSent {
  via: 'group' | 'oto' | 'session' | 'robot' | 'card';
  /** openConversationId, the user id, the session id or the robot's access token. */
  to: string;
  msgKey?: string;
  /** The message's parameters (msgParam parsed, or the webhook body). */
  body: Record<string, unknown>;
  /** Epoch ms of the 加签 timestamp (custom robots). */
  signedAt?: number;
  /** The processQueryKey the robot API answered (group and oto sends). */
  key?: string;
}

export interface FakeDingTalkOptions {
  clientId: string;
  clientSecret: string;
  /** Custom robots: access token → 加签 secret. */
  robots?: Record<string, string>;
  /** How long an unacknowledged CALLBACK waits before the fake sends it again. */
  redeliverMs?: number;
}

interface Pending {
  frame: string;
  resolve: (ack: Record<string, unknown>) => void;
  timer?: ReturnType<typeof setTimeout>;
  deliveries: number;
  acked: boolean;
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let s = '';
    req.on('data', (c) => (s += String(c)));
    req.on('end', () => resolve(s));
  });

/**
 * A loopback stand-in for DingTalk: the access token, the Stream gateway (connections/open, then
 * a WebSocket speaking the documented frames: SYSTEM ping, CALLBACK, acknowledgements by
 * messageId, re-delivery of an unacknowledged callback after `redeliverMs`), the robot send
 * APIs, sessionWebhooks, custom robots (加签 checked, 20 per minute, then errcode 130101), cards, and
 * read status and DING (fake-dingtalk-read.ts).
 */
export class FakeDingTalk {
  readonly sent: DingSent[] = [];
  readonly cardUpdates: Record<string, unknown>[] = [];
  /** Acknowledgements received, by messageId, in order (a re-delivery acknowledged twice shows twice). */
  readonly acks: { messageId: string; data: unknown }[] = [];
  /** Acknowledgements to ignore, as if lost on the way: the callback is then sent again. */
  dropAcks = 0;
  /** Access-token requests received so far. */
  tokenRequests = 0;
  /**
   * While set, access-token requests are counted and left unanswered: a process sending by the
   * robot API is stuck there (the SIGKILL test kills it at that point).
   */
  holdToken = false;
  /** Read status and DING: `read(key, users)`, the DINGs sent and the read-status calls counted. */
  readonly reads = new FakeDingRead();
  /** Connections opened on the gateway so far. */
  connections = 0;
  /** Sends refused by a custom robot for going over 20 a minute (the real one then blocks 10 min). */
  robotBlocks = 0;
  url = '';
  private server!: Server;
  private wss!: WebSocketServer;
  private socket: WebSocket | undefined;
  private readonly tickets = new Set<string>();
  private readonly pending = new Map<string, Pending>();
  private readonly tracks = new Set<string>();
  private readonly pings = new Map<string, () => void>();
  private waiters: (() => void)[] = [];
  private seq = 0;

  constructor(private readonly o: FakeDingTalkOptions) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.http(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, sock, head) => {
      const ticket = new URL(req.url ?? '/', 'http://x').searchParams.get('ticket') ?? '';
      if (!this.tickets.delete(ticket)) return sock.destroy();
      this.wss.handleUpgrade(req, sock, head, (ws) => this.connected(ws));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
    const closed = new Promise<void>((r) => this.server.close(() => r()));
    this.server.closeAllConnections();
    await closed;
  }

  /** Resolves once a client is connected (now, or when the next one connects). */
  async waitConnected(): Promise<void> {
    if (this.socket) return;
    await new Promise<void>((r) => this.waiters.push(r));
  }

  /** Closes the client's connection from the server's side (the client must reconnect). */
  dropConnection(): void {
    this.socket?.terminate();
    this.socket = undefined;
  }

  /** Sends a SYSTEM ping; resolves when the client echoed it. */
  ping(): Promise<void> {
    const messageId = `ping-${++this.seq}`;
    const done = new Promise<void>((r) => this.pings.set(messageId, r));
    this.socket?.send(
      JSON.stringify({ specVersion: '1.0', type: 'SYSTEM', headers: { messageId, topic: 'ping' }, data: '{}' }),
    );
    return done;
  }

  /**
   * Sends a CALLBACK and resolves with the acknowledgement the fake accepted. Unacknowledged, it
   * is sent again every `redeliverMs` (on whatever connection is open then).
   */
  callback(topic: string, data: unknown, messageId = `cb-${++this.seq}`): Promise<Record<string, unknown>> {
    const frame = JSON.stringify({
      specVersion: '1.0',
      type: 'CALLBACK',
      headers: { appId: this.o.clientId, contentType: 'application/json', messageId, topic, time: String(Date.now()) },
      data: JSON.stringify(data),
    });
    return new Promise((resolve) => {
      const p: Pending = { frame, resolve, deliveries: 0, acked: false };
      this.pending.set(messageId, p);
      this.deliver(messageId);
    });
  }

  /** Polls until `check` holds (within `ms`). */
  async waitFor(check: () => boolean, ms = 20_000): Promise<void> {
    for (const until = Date.now() + ms; !check(); await new Promise((r) => setTimeout(r, 25)))
      if (Date.now() > until) throw new Error('fake dingtalk: condition not reached');
  }

  /** How many times the callback `messageId` was sent. */
  deliveries(messageId: string): number {
    return this.pending.get(messageId)?.deliveries ?? 0;
  }

  private deliver(messageId: string): void {
    const p = this.pending.get(messageId);
    if (!p || p.acked) return;
    p.deliveries++;
    this.socket?.send(p.frame);
    p.timer = setTimeout(() => this.deliver(messageId), this.o.redeliverMs ?? 60_000);
  }

  private connected(ws: WebSocket): void {
    this.connections++;
    this.socket = ws;
    ws.on('message', (raw) => this.frame(String(raw)));
    ws.on('close', () => this.socket === ws && (this.socket = undefined));
    for (const w of this.waiters.splice(0)) w();
  }

  private frame(raw: string): void {
    const f = JSON.parse(raw) as { headers?: { messageId?: string }; data?: string };
    const id = f.headers?.messageId ?? '';
    const ping = this.pings.get(id);
    if (ping) return (this.pings.delete(id), ping());
    const p = this.pending.get(id);
    const data = f.data ? (JSON.parse(f.data) as unknown) : null;
    this.acks.push({ messageId: id, data });
    if (!p || p.acked) return;
    if (this.dropAcks > 0) return void this.dropAcks--;
    clearTimeout(p.timer);
    p.acked = true;
    p.resolve({ ...(f as Record<string, unknown>), deliveries: p.deliveries });
  }

  private async http(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const raw = await readBody(req);
    const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    const json = (status: number, v: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(v));
    };
    const path = url.pathname;
    if (path === '/v1.0/oauth2/accessToken') {
      this.tokenRequests++;
      if (this.holdToken) return;
      if (body.appKey !== this.o.clientId || body.appSecret !== this.o.clientSecret)
        return json(400, { code: 'invalidClientIdOrSecret' });
      return json(200, { accessToken: `at-${++this.seq}`, expireIn: 7200 });
    }
    if (path === '/v1.0/gateway/connections/open') {
      if (body.clientId !== this.o.clientId || body.clientSecret !== this.o.clientSecret)
        return json(401, { code: 'unauthorized' });
      const ticket = `tk-${++this.seq}`;
      this.tickets.add(ticket);
      return json(200, { endpoint: `${this.url.replace('http', 'ws')}/connect`, ticket });
    }
    if (path.startsWith('/v1.0/') && !String(req.headers['x-acs-dingtalk-access-token'] ?? '').startsWith('at-'))
      return json(401, { code: 'InvalidAuthentication' });
    const param = () => JSON.parse(String(body.msgParam ?? '{}')) as Record<string, unknown>;
    if (path === '/v1.0/robot/groupMessages/send') {
      const to = String(body.openConversationId);
      const key = this.reads.sentToGroup(to, String(body.robotCode));
      this.sent.push({ via: 'group', to, msgKey: String(body.msgKey), body: param(), key });
      return json(200, { processQueryKey: key });
    }
    if (path === '/v1.0/robot/oToMessages/batchSend') {
      const key = this.reads.sentToUsers(body.userIds as string[], String(body.robotCode));
      for (const u of body.userIds as string[])
        this.sent.push({ via: 'oto', to: u, msgKey: String(body.msgKey), body: param(), key });
      return json(200, { processQueryKey: key, invalidStaffIdList: [] });
    }
    if (path === '/v1.0/robot/groupMessages/query' && req.method === 'POST') return this.reads.groupQuery(body, json);
    if (path === '/v1.0/robot/oToMessages/readStatus' && req.method === 'GET') return this.reads.otoQuery(url, json);
    if (path === '/v1.0/robot/ding/send' && req.method === 'POST') return this.reads.ding(body, json);
    if (path === '/v1.0/card/instances/createAndDeliver') {
      const track = String(body.outTrackId);
      if (this.tracks.has(track)) return json(400, { code: 'param.error', message: 'outTrackId already exists' });
      this.tracks.add(track);
      this.sent.push({ via: 'card', to: String(body.openSpaceId), body });
      return json(200, { success: true, result: { deliverResults: [{ success: true }] } });
    }
    if (path === '/v1.0/card/instances' && req.method === 'PUT') {
      this.cardUpdates.push(body);
      return json(200, { success: true });
    }
    if (path === '/robot/sendBySession') {
      this.sent.push({ via: 'session', to: url.searchParams.get('session') ?? '', body });
      return json(200, { errcode: 0, errmsg: 'ok' });
    }
    if (path === '/robot/send') return this.robotSend(url, body, json);
    json(404, { code: 'notFound', message: path });
  }

  /** A custom robot: 加签 checked, more than 20 in a minute refused with 130101 (counted). */
  private robotSend(url: URL, body: Record<string, unknown>, json: (s: number, v: unknown) => void): void {
    const token = url.searchParams.get('access_token') ?? '';
    const secret = this.o.robots?.[token];
    if (secret === undefined) return json(200, { errcode: 300001, errmsg: 'token is not exist' });
    const ts = url.searchParams.get('timestamp') ?? '';
    const want = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
    if (url.searchParams.get('sign') !== want) return json(200, { errcode: 310000, errmsg: 'sign not match' });
    const at = Number(ts);
    const lastMinute = this.sent.filter((s) => s.via === 'robot' && s.to === token && at - s.signedAt! < 60_000);
    if (lastMinute.length >= 20) {
      this.robotBlocks++;
      return json(200, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' });
    }
    this.sent.push({ via: 'robot', to: token, body, signedAt: at });
    json(200, { errcode: 0, errmsg: 'ok' });
  }
}

export async function startFakeDingTalk(o: FakeDingTalkOptions): Promise<FakeDingTalk> {
  const f = new FakeDingTalk(o);
  await f.start();
  return f;
}
