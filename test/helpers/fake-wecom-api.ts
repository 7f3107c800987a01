import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// WeCom's send API on 127.0.0.1: group robots (`POST /cgi-bin/webhook/send?key=KEY`, at most
// 20 messages a minute per robot, errcode 45009 beyond) and the AI bot's response_urls (each
// usable once).

export interface RobotSend {
  key: string;
  at: number;
  body: { msgtype: string; text?: { content: string; mentioned_list?: string[] }; markdown?: { content: string } };
}

export interface FakeWecomApi {
  url: string;
  robotSends: RobotSend[];
  /** Sends refused with 45009 because the robot had sent 20 in the minute before. */
  refused: RobotSend[];
  /** Posts to response_urls: the first per url is accepted. */
  responses: { url: string; body: { msgtype: string; markdown?: { content: string } } }[];
  /** A fresh response_url, valid once. */
  responseUrl(): string;
  /** The most sends of one robot in any 60 s. */
  maxPerMinute(key: string): number;
  close(): Promise<void>;
}

export const ROBOT_WINDOW_MS = 60_000;
export const ROBOT_LIMIT = 20;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** Starts the fake; `now` is the clock it counts minutes by (the test's clock). */
export async function startFakeWecomApi(now: () => number): Promise<FakeWecomApi> {
  const robotSends: RobotSend[] = [];
  const refused: RobotSend[] = [];
  const responses: FakeWecomApi['responses'] = [];
  const usedUrls = new Set<string>();
  let urls = 0;
  const json = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    void (async () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = (await readJson(req)) as RobotSend['body'];
      if (req.method === 'POST' && u.pathname === '/cgi-bin/webhook/send') {
        const key = u.searchParams.get('key') ?? '';
        const t = now();
        const send = { key, at: t, body };
        if (robotSends.filter((s) => s.key === key && s.at > t - ROBOT_WINDOW_MS).length >= ROBOT_LIMIT) {
          refused.push(send);
          return json(res, { errcode: 45009, errmsg: 'api freq out of limit' });
        }
        robotSends.push(send);
        return json(res, { errcode: 0, errmsg: 'ok' });
      }
      if (req.method === 'POST' && u.pathname.startsWith('/aibot/response/')) {
        if (usedUrls.has(u.pathname)) return json(res, { errcode: 40001, errmsg: 'response_url already used' });
        usedUrls.add(u.pathname);
        responses.push({ url: u.pathname, body });
        return json(res, { errcode: 0, errmsg: 'ok' });
      }
      res.writeHead(404).end();
    })().catch(() => res.writeHead(400).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    robotSends,
    refused,
    responses,
    responseUrl: () => `${base}/aibot/response/${++urls}`,
    maxPerMinute(key) {
      const at = robotSends.filter((s) => s.key === key).map((s) => s.at);
      return Math.max(0, ...at.map((t) => at.filter((x) => x >= t && x < t + ROBOT_WINDOW_MS).length));
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
