import { request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at } from '../../helpers/meetings.js';
import { createApp } from '../../../src/http/app.js';
import type { MessageResult } from '../../../src/contracts/message.js';

// POST /v1/messages over a real @hono/node-server: the body of declared length is read from
// Node's request (src/http/body.ts), chunked bodies through the web Request; both answer alike.

let t: TestCore;
let server: ServerType;
let port = 0;

beforeAll(async () => {
  t = await createTestCore();
  await setupBranch(t);
  for (const [userId, name] of [
    ['u1', '张三'],
    ['u2', '李四'],
    ['u3', '王五'],
    ['u4', '赵六'],
  ])
    await addMember(t, { userId: userId!, name: name!, unit: '第一支部' });
  expect(await t.say({ from: 'admin', chat: 'g1', text: '会议 党员大会 今天下午3点' })).toContain('已安排会议 #1');
  at(t, '2026-12-01 14:50');
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((r) => server?.close(() => r()));
  await t?.close();
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * POSTs `chunks` to the server: with content-length unless `chunked` (then each chunk is sent
 * as a chunk of its own, a tick apart).
 */
function post(path: string, chunks: Buffer[], opts: { chunked?: boolean; length?: number } = {}): Promise<Answer> {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (!opts.chunked) headers['content-length'] = String(opts.length ?? total);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      const got: Buffer[] = [];
      res.on('data', (c: Buffer) => got.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(got).toString('utf8') }),
      );
    });
    req.on('error', reject);
    const send = async () => {
      for (const c of chunks) {
        req.write(c);
        await new Promise((r) => setTimeout(r, 5));
      }
      req.end();
    };
    void send();
  });
}

const checkin = (from: string, id: string) =>
  JSON.stringify({
    platform: 'playground',
    chatId: 'g1',
    chatType: 'group',
    senderId: from,
    messageId: id,
    text: '签到',
  });

/** Splits `s`'s UTF-8 bytes into pieces of `size` bytes (cutting through characters). */
function pieces(s: string, size: number): Buffer[] {
  const b = Buffer.from(s, 'utf8');
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += size) out.push(b.subarray(i, i + size));
  return out;
}

describe('POST /v1/messages over a Node server', () => {
  it('a body of declared length, even sent in pieces that cut characters, is read whole', async () => {
    const a = await post('/v1/messages', pieces(checkin('u1', 'b-1'), 7));
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body).replies[0].text).toBe('张三 签到成功（会议 #1）');
    expect(a.headers['cache-control']).toBe('no-store');
    expect(a.headers['x-content-type-options']).toBe('nosniff');
  });

  it('a chunked body (no declared length) is read through the web Request, with the same answer', async () => {
    const a = await post('/v1/messages', pieces(checkin('u2', 'b-2'), 11), { chunked: true });
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body).replies[0].text).toBe('李四 签到成功（会议 #1）');
  });

  it('a leading BOM is dropped, as the web Request drops it', async () => {
    const a = await post('/v1/messages', [Buffer.from('\uFEFF' + checkin('u3', 'b-3'), 'utf8')]);
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body).replies[0].text).toBe('王五 签到成功（会议 #1）');
  });

  it('malformed UTF-8 is replaced, not refused', async () => {
    const [head, tail] = checkin('u4', 'b-4').split('"text"');
    const body = Buffer.concat([
      Buffer.from(`${head}"chatName":"群`),
      Buffer.from([0xff]),
      Buffer.from(`","text"${tail}`),
    ]);
    const a = await post('/v1/messages', [body]);
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body).replies[0].text).toBe('赵六 签到成功（会议 #1）');
  });

  it('a declared length over the limit is refused before the body is read; a chunked one while reading', async () => {
    const big = Buffer.alloc(t.config.MAX_BODY_BYTES + 1, 0x20);
    const declared = await post('/v1/messages', [big]);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toEqual({ error: `body larger than ${t.config.MAX_BODY_BYTES} bytes` });
    const chunked = await post('/v1/messages', pieces(big.toString(), 64 * 1024), { chunked: true });
    expect(chunked.status).toBe(413);
    expect(declared.headers['cache-control']).toBe('no-store');
  });

  it('a client gone before the end of its body does not stop the server answering others', async () => {
    await new Promise<void>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port,
        path: '/v1/messages',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '1000' },
      });
      req.on('error', () => resolve());
      req.write('{"platform":');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 20);
    });
    const a = await post('/v1/messages', [Buffer.from(checkin('u1', 'b-5'))]);
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body).replies[0].text).toMatch(/^张三 已签到/);
  });
});

describe('the body limit in process (app.request)', () => {
  const post = (headers: Record<string, string>, body: string) =>
    t.app.request('/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('compares a declared length as bodyLimit does: over the limit 413, not a number passed on', async () => {
    const body = checkin('u1', 'b-6');
    const over = await post({ 'content-length': String(t.config.MAX_BODY_BYTES + 1) }, body);
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({ error: `body larger than ${t.config.MAX_BODY_BYTES} bytes` });
    const odd = await post({ 'content-length': 'abc' }, body);
    expect(odd.status).toBe(200);
    expect(((await odd.json()) as MessageResult).replies[0]!.text).toMatch(/^张三 已签到/);
  });
});

describe('the answer headers', () => {
  it('a Response a route builds itself still gets no-store and nosniff, or keeps its own', async () => {
    const app = createApp({
      deps: t.core.deps,
      port: t.port,
      adapters: [
        {
          routes: (a: Hono) => {
            a.get('/raw', () => new Response('raw'));
            a.get('/cached', () => new Response('cached', { headers: { 'Cache-Control': 'max-age=60' } }));
            a.get('/own', (c) => {
              c.header('Cache-Control', 'private, max-age=5');
              return c.text('own');
            });
          },
        },
      ],
    });
    const raw = await app.request('/raw');
    expect(raw.headers.get('cache-control')).toBe('no-store');
    expect(raw.headers.get('x-content-type-options')).toBe('nosniff');
    const cached = await app.request('/cached');
    expect(cached.headers.get('cache-control')).toBe('max-age=60');
    expect(cached.headers.get('x-content-type-options')).toBe('nosniff');
    const own = await app.request('/own');
    expect(own.headers.get('cache-control')).toBe('private, max-age=5');
    expect(own.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
