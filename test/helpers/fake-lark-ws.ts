import type { Server } from 'node:http';
import protobuf from 'protobufjs';
import { WebSocketServer, type WebSocket } from 'ws';

// The long connection's frame format (pbbp2.Frame), as the SDK encodes it.
const root = protobuf.parse(`
  syntax = "proto2";
  package pbbp2;
  message Header { required string key = 1; required string value = 2; }
  message Frame {
    required uint64 SeqID = 1; required uint64 LogID = 2; required int32 service = 3; required int32 method = 4;
    repeated Header headers = 5; optional string payload_encoding = 6; optional string payload_type = 7;
    optional bytes payload = 8; optional string LogIDNew = 9;
  }
`).root;
const Frame = root.lookupType('pbbp2.Frame');
const DATA_FRAME = 1;
const SERVICE_ID = 7;

interface DecodedFrame {
  method: number;
  headers: { key: string; value: string }[];
  payload?: Uint8Array;
}

/** The fake's side of Feishu's long connection: the endpoint answer and a WebSocket server. */
export interface FakeWs {
  /** Answer to `POST /callback/ws/endpoint`. */
  endpoint(body: Record<string, unknown>): unknown;
  /** Resolves once a client has connected and sent its first frame. */
  connected(): Promise<void>;
  /** Pushes one event to the connected client; resolves with the JSON the client answered. */
  push(event: unknown): Promise<{ code: number; data?: unknown }>;
  close(): Promise<void>;
}

/** Adds a WebSocket endpoint at /ws to `server`, speaking the SDK's protobuf frames. */
export function attachFakeWs(server: Server, baseUrl: () => string): FakeWs {
  const wss = new WebSocketServer({ noServer: true });
  let socket: WebSocket | undefined;
  let ready = false;
  let onReady: (() => void) | undefined;
  const waiting = new Map<string, (v: { code: number; data?: unknown }) => void>();
  let seq = 0;

  server.on('upgrade', (req, sock, head) => {
    if (!req.url?.startsWith('/ws')) return sock.destroy();
    wss.handleUpgrade(req, sock, head, (ws) => {
      socket = ws;
      ws.on('message', (buf: Buffer) => {
        const f = Frame.toObject(Frame.decode(buf), { longs: Number }) as DecodedFrame;
        if (!ready) {
          // The client's first frame (its ping) shows it is listening; frames sent before it
          // has attached its handler would be lost.
          ready = true;
          onReady?.();
        }
        if (f.method !== DATA_FRAME) return; // pings
        const id = f.headers.find((h) => h.key === 'message_id')?.value ?? '';
        const answer = JSON.parse(new TextDecoder().decode(f.payload)) as { code: number; data?: string };
        const data = answer.data
          ? (JSON.parse(Buffer.from(answer.data, 'base64').toString('utf8')) as unknown)
          : undefined;
        waiting.get(id)?.({ code: answer.code, data });
        waiting.delete(id);
      });
    });
  });

  return {
    endpoint: (body) =>
      body.AppID && body.AppSecret
        ? {
            code: 0,
            data: {
              URL: `${baseUrl().replace(/^http/, 'ws')}/ws?device_id=fake&service_id=${SERVICE_ID}`,
              ClientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 },
            },
          }
        : { code: 1000040343, msg: 'app secret missing' },
    connected: () => (ready ? Promise.resolve() : new Promise<void>((r) => (onReady = r))),
    push(event) {
      if (!socket) throw new Error('fake lark ws: no client connected');
      const id = `ws-msg-${++seq}`;
      const frame = Frame.create({
        SeqID: seq,
        LogID: seq,
        service: SERVICE_ID,
        method: DATA_FRAME,
        headers: [
          { key: 'type', value: 'event' },
          { key: 'message_id', value: id },
          { key: 'sum', value: '1' },
          { key: 'seq', value: '0' },
          { key: 'trace_id', value: `trace-${seq}` },
        ],
        payload: new TextEncoder().encode(JSON.stringify(event)),
      });
      const answered = new Promise<{ code: number; data?: unknown }>((r) => waiting.set(id, r));
      socket.send(Frame.encode(frame).finish());
      return answered;
    },
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}
