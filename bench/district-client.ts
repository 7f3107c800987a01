/**
 * The HTTP client of bench/district.ts, in a worker thread: requests are timed on their own event
 * loop, not on the server's (which the same process runs). Each case sends its requests with
 * `concurrency` in flight, stopping after `max` requests or once `capMs` has passed (so a case
 * that takes 40 s per request runs twice, not sixty times).
 */
import { Worker } from 'node:worker_threads';

export interface ClientRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface ClientCase {
  origin: string;
  /** Request i is requests[i % requests.length]. */
  requests: ClientRequest[];
  concurrency: number;
  max: number;
  capMs: number;
  /** Open loop: request i starts at i / ratePerSec seconds (or later, when every connection is busy). */
  ratePerSec?: number;
  /** At least this many are sent even past the cap. */
  min?: number;
  /** Sent with every request (the core token on a worker). */
  headers?: Record<string, string>;
  /** A 2xx answer counts as correct when its body contains this. */
  expect?: string;
  /** Request i of this case is number offset + i of the stream (for a stream sent in segments). */
  offset?: number;
  /**
   * Each pass over `requests` after the first gets fresh message ids (the pass number is prefixed),
   * so a long stream is handled as new messages, not answered from the dedupe of stored answers.
   */
  uniqueIds?: boolean;
}

export interface ClientResult {
  ms: number[];
  ok: number;
  matched: number;
  non2xx: number;
  errors: number;
  bytes: number;
  wallMs: number;
  firstMismatch?: string;
}

// CommonJS, evaluated in the worker: Node 20's global fetch (undici, keep-alive).
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
parentPort.on('message', async (c) => {
  const out = { ms: [], ok: 0, matched: 0, non2xx: 0, errors: 0, bytes: 0, wallMs: 0 };
  const t0 = performance.now();
  let next = 0;
  const more = () => next < c.max && (next < (c.min || 1) || performance.now() - t0 < c.capMs);
  const one = async () => {
    while (more()) {
      const i = next++;
      const g = (c.offset || 0) + i;
      const r = c.requests[g % c.requests.length];
      const pass = Math.floor(g / c.requests.length);
      const body = c.uniqueIds && pass > 0 && r.body
        ? r.body.replace('"messageId":"', '"messageId":"' + pass + '.')
        : r.body;
      if (c.ratePerSec) {
        const wait = t0 + (i / c.ratePerSec) * 1000 - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const s = performance.now();
      try {
        const res = await fetch(c.origin + r.path, {
          method: r.method,
          headers: { 'content-type': 'application/json', ...(c.headers || {}), ...(r.headers || {}) },
          body,
        });
        const text = await res.text();
        out.ms.push(performance.now() - s);
        out.bytes = Math.max(out.bytes, Buffer.byteLength(text));
        if (res.status >= 200 && res.status < 300) {
          out.ok++;
          if (!c.expect || text.includes(c.expect)) out.matched++;
          else if (!out.firstMismatch) out.firstMismatch = text.slice(0, 200);
        } else {
          out.non2xx++;
          if (!out.firstMismatch) out.firstMismatch = res.status + ' ' + text.slice(0, 200);
        }
      } catch (err) {
        out.errors++;
        if (!out.firstMismatch) out.firstMismatch = String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: c.concurrency }, one));
  out.wallMs = performance.now() - t0;
  parentPort.postMessage(out);
});
`;

/** One worker for a whole benchmark run; `run` sends one case at a time. */
export class DistrictClient {
  private readonly worker = new Worker(SOURCE, { eval: true });

  run(c: ClientCase): Promise<ClientResult> {
    return new Promise((resolve, reject) => {
      const onError = (err: unknown) => reject(err);
      this.worker.once('error', onError);
      this.worker.once('message', (m: ClientResult) => {
        this.worker.off('error', onError);
        resolve(m);
      });
      this.worker.postMessage(c);
    });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/** The body of a /v1/messages request. */
export function message(m: {
  platform: string;
  chatId: string;
  chatType: 'group' | 'direct';
  senderId: string;
  messageId: string;
  text: string;
}): ClientRequest {
  return { method: 'POST', path: '/v1/messages', body: JSON.stringify(m) };
}
