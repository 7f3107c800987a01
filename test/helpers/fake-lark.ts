import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { attachFakeWs, type FakeWs } from './fake-lark-ws.js';

/** One message the fake Open API accepted (a uuid it had already seen is not recorded twice). */
export interface SentMessage {
  via: 'reply' | 'create';
  /** The message replied to (reply), or undefined. */
  replyTo?: string;
  receiveIdType?: string;
  receiveId?: string;
  msgType: string;
  /** `content` parsed from its JSON string. */
  content: Record<string, unknown>;
  uuid?: string;
  messageId: string;
  token: string;
}

export interface FakeLarkOptions {
  botOpenId?: string;
  botName?: string;
  /** open_id → name for the contact API; others get code 41050 (no permission / not found). */
  users?: Record<string, string>;
}

const TOKEN_PREFIX = 't-fake-';

/**
 * A loopback stand-in for the Feishu Open API: tenant tokens, bot info, message create / reply /
 * patch / delete (with Feishu's uuid dedupe), read_users (readers only, paged), urgent_app (加急), contact
 * user get, message resources (the files of received messages), and the long-connection endpoint. Knobs
 * make it slow or rate limited; everything it receives is recorded for assertions.
 */
export class FakeLark {
  readonly sent: SentMessage[] = [];
  readonly patches: { messageId: string; content: Record<string, unknown> }[] = [];
  /** 加急 requests accepted (`PATCH …/urgent_app`), in order. */
  readonly urgents: { messageId: string; userIds: string[]; userIdType: string | null }[] = [];
  /** Messages deleted (`DELETE /open-apis/im/v1/messages/:id`, 撤回), in order. */
  readonly deletes: string[] = [];
  /** Messages Feishu refuses to delete (code 230026: beyond the recall window). */
  readonly undeletable = new Set<string>();
  /** Who has read each message (open_ids), as `read_users` reports them; set with markRead. */
  readonly readers = new Map<string, Set<string>>();
  /** `read_users` pages: at most this many readers per answer (exercises page_token). */
  readUsersPageSize = 100;
  readonly calls: { method: string; path: string }[] = [];
  /** Sends answered with an already-used uuid (Feishu sends nothing for them). */
  duplicateSends = 0;
  /** Milliseconds every message send or reply waits before answering. */
  sendDelayMs = 0;
  /**
   * While set, contact API calls are recorded (in `calls`) and left unanswered: a process that
   * asks for a name is then stuck there (the inbox SIGKILL test kills it at that point).
   */
  holdContacts = false;
  /**
   * While set, message sends are recorded (in `sent`, with Feishu's uuid dedupe) and left
   * unanswered: the message "went out" but the sender never learns it.
   */
  holdSends = false;
  /** Chats (or users) the bot may not post to: sends answer code 230002. */
  readonly refusedChats = new Set<string>();
  readonly users: Map<string, string>;
  /** Files of received messages, by `<message_id>/<file_key>`, served by the message resource API. */
  readonly resources = new Map<string, { type: 'image' | 'file'; bytes: Uint8Array }>();
  url = '';
  ws!: FakeWs;
  private server!: Server;
  private tokens = 0;
  private readonly byUuid = new Map<string, string>();
  private rateLimited: { count: number; resetSeconds: string }[] = [];
  private seq = 0;

  constructor(readonly opts: FakeLarkOptions = {}) {
    this.users = new Map(Object.entries(opts.users ?? {}));
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.route(req, res));
    this.ws = attachFakeWs(this.server, () => this.url);
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    await this.ws.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** The next `count` sends answer HTTP 429, code 99991400 and `x-ogw-ratelimit-reset`. */
  rateLimit(count: number, resetSeconds: number | string = 1): void {
    this.rateLimited.push({ count, resetSeconds: String(resetSeconds) });
  }

  /** `openId` opens message `messageId` (Feishu then lists them in read_users). */
  markRead(messageId: string, ...openIds: string[]): void {
    const set = this.readers.get(messageId) ?? new Set<string>();
    for (const id of openIds) set.add(id);
    this.readers.set(messageId, set);
  }

  /** How many times `read_users` was asked about `messageId` (or about any message). */
  readUsersCalls(messageId?: string): number {
    return this.calls
      .filter((c) => c.method === 'GET' && /\/read_users$/.test(c.path))
      .filter((c) => !messageId || c.path.includes(`/messages/${messageId}/`)).length;
  }

  /** Texts of sent text messages, in order. */
  texts(): string[] {
    return this.sent.filter((m) => m.msgType === 'text').map((m) => String(m.content.text));
  }

  /** Polls until `check` returns a truthy value (or throws after `timeoutMs`). */
  async waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v) return v;
      if (Date.now() > until) throw new Error('fake lark: condition not met in time');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = await readJson(req);
    this.calls.push({ method: req.method ?? '', path: url.pathname });
    const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };
    const path = url.pathname;
    if (req.method === 'POST' && path === '/open-apis/auth/v3/tenant_access_token/internal') {
      return send(200, { code: 0, msg: 'ok', tenant_access_token: `${TOKEN_PREFIX}${++this.tokens}`, expire: 7200 });
    }
    if (req.method === 'POST' && path === '/callback/ws/endpoint') return send(200, this.ws.endpoint(body));
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!token.startsWith(TOKEN_PREFIX))
      return send(400, { code: 99991663, msg: 'Invalid access token for authorization.' });

    if (req.method === 'GET' && path === '/open-apis/bot/v3/info') {
      return send(200, {
        code: 0,
        msg: 'ok',
        bot: { open_id: this.opts.botOpenId ?? 'ou_bot', app_name: this.opts.botName ?? '先锋助手' },
      });
    }
    const user = /^\/open-apis\/contact\/v3\/users\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && user && this.holdContacts) return;
    if (req.method === 'GET' && user) {
      const name = this.users.get(decodeURIComponent(user[1]!));
      return name
        ? send(200, { code: 0, msg: 'success', data: { user: { open_id: user[1], name } } })
        : send(400, { code: 41050, msg: 'no user authority error' });
    }
    const resource = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && resource) {
      // As Feishu: the bytes of a file of that message, asked for with its own type (234002 otherwise).
      const hit = this.resources.get(`${decodeURIComponent(resource[1]!)}/${decodeURIComponent(resource[2]!)}`);
      if (!hit) return send(400, { code: 234003, msg: 'File not in msg.' });
      if (url.searchParams.get('type') !== hit.type) return send(400, { code: 234002, msg: 'Type mismatch.' });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(hit.bytes.length) });
      res.end(hit.bytes);
      return;
    }
    const readUsers = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/read_users$/.exec(path);
    if (req.method === 'GET' && readUsers) {
      if (url.searchParams.get('user_id_type') !== 'open_id') return send(400, { code: 99992402, msg: 'bad id type' });
      const id = decodeURIComponent(readUsers[1]!);
      if (!this.sent.some((m) => m.messageId === id)) return send(400, { code: 230001, msg: 'message not found' });
      const all = [...(this.readers.get(id) ?? [])];
      const from = Number(url.searchParams.get('page_token') ?? 0);
      const size = Math.min(Number(url.searchParams.get('page_size') ?? 20), this.readUsersPageSize);
      const items = all.slice(from, from + size).map((u) => ({ user_id_type: 'open_id', user_id: u, timestamp: '0' }));
      const more = from + size < all.length;
      return send(200, {
        code: 0,
        msg: 'success',
        data: { items, has_more: more, ...(more ? { page_token: String(from + size) } : {}) },
      });
    }
    const urgent = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/urgent_app$/.exec(path);
    if (req.method === 'PATCH' && urgent) {
      const id = decodeURIComponent(urgent[1]!);
      if (!this.sent.some((m) => m.messageId === id)) return send(400, { code: 230001, msg: 'message not found' });
      const userIds = Array.isArray(body.user_id_list) ? body.user_id_list.map(String) : [];
      this.urgents.push({ messageId: id, userIds, userIdType: url.searchParams.get('user_id_type') });
      return send(200, { code: 0, msg: 'success', data: { invalid_user_id_list: [] } });
    }
    const patch = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(path);
    if (req.method === 'DELETE' && patch) {
      const id = decodeURIComponent(patch[1]!);
      if (!this.sent.some((m) => m.messageId === id)) return send(400, { code: 230001, msg: 'message not found' });
      if (this.undeletable.has(id)) return send(400, { code: 230026, msg: 'message cannot be recalled' });
      this.deletes.push(id);
      return send(200, { code: 0, msg: 'success', data: {} });
    }
    if (req.method === 'PATCH' && patch) {
      this.patches.push({ messageId: patch[1]!, content: JSON.parse(String(body.content)) as Record<string, unknown> });
      return send(200, { code: 0, msg: 'success', data: {} });
    }
    const reply = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(path);
    if (req.method === 'POST' && (reply || path === '/open-apis/im/v1/messages')) {
      if (this.sendDelayMs > 0) await new Promise((r) => setTimeout(r, this.sendDelayMs));
      const limited = this.rateLimited[0];
      if (limited) {
        if (--limited.count <= 0) this.rateLimited.shift();
        return send(
          429,
          { code: 99991400, msg: 'request trigger frequency limit' },
          { 'x-ogw-ratelimit-reset': limited.resetSeconds },
        );
      }
      if (typeof body.receive_id === 'string' && this.refusedChats.has(body.receive_id)) {
        return send(400, { code: 230002, msg: 'The bot can not be outside the group.' });
      }
      const uuid = typeof body.uuid === 'string' ? body.uuid : undefined;
      const known = uuid ? this.byUuid.get(uuid) : undefined;
      if (known) {
        this.duplicateSends++;
        return send(200, { code: 0, msg: 'success', data: { message_id: known } });
      }
      const messageId = `om_fake${++this.seq}`;
      if (uuid) this.byUuid.set(uuid, messageId);
      this.sent.push({
        via: reply ? 'reply' : 'create',
        replyTo: reply?.[1],
        receiveIdType: url.searchParams.get('receive_id_type') ?? undefined,
        receiveId: typeof body.receive_id === 'string' ? body.receive_id : undefined,
        msgType: String(body.msg_type),
        content: JSON.parse(String(body.content)) as Record<string, unknown>,
        uuid,
        messageId,
        token,
      });
      if (this.holdSends) return;
      return send(200, { code: 0, msg: 'success', data: { message_id: messageId } });
    }
    send(404, { code: 404, msg: `fake lark: no route ${req.method} ${path}` });
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Starts a fake Open API on 127.0.0.1. */
export function startFakeLark(opts: FakeLarkOptions = {}): Promise<FakeLark> {
  return new FakeLark(opts).start();
}
