/**
 * The load generator of bench/http.ts, run as a child process (`fork`) so that the server
 * process's CPU time is the server's alone. It waits for `run` messages and answers each with
 * the run's figures; every request gets a fresh body built by autocannon's `setupRequest`.
 */
import autocannon, { type AutocannonRequest } from 'autocannon';
import { performance } from 'node:perf_hooks';
import {
  checkinBody,
  inviteCodeAt,
  joinBody,
  memberUserAt,
  readBody,
  type FromChild,
  type LoadResult,
  type LoadSpec,
  type ToChild,
} from './loadgen-protocol.js';

function send(msg: FromChild): void {
  process.send!(msg);
}

function runLoad(spec: LoadSpec): Promise<LoadResult> {
  let built = 0;
  let matched = 0;
  let firstMismatch: string | null = null;
  let latencies = new Float64Array(1 << 16);
  let n = 0;

  const nextBody = (): string => {
    const i = built++;
    const messageId = `${spec.runTag}-${i}`;
    // Past the block the sender is not a member: the answer is not a success, and the check catches it.
    if (spec.kind === 'checkin')
      return checkinBody(messageId, i < spec.codeCount ? memberUserAt(spec.codeBlock, i) : 'not-a-member');
    if (spec.kind !== 'write') return readBody(messageId);
    // Past the block the code does not exist: the answer is not a welcome, and the check catches it.
    const code = i < spec.codeCount ? inviteCodeAt(spec.codeBlock, i) : 'NOSUCHCODE';
    return joinBody(messageId, `${spec.runTag}-u${i}`, code, `成员${i}`);
  };

  const request: AutocannonRequest = {
    method: 'POST',
    path: spec.path,
    headers: { 'content-type': 'application/json' },
    // autocannon hands setupRequest a fresh copy per request, so it may be changed in place.
    setupRequest: (req) => {
      req.body = nextBody();
      return req;
    },
    onResponse: (status, body) => {
      if (status < 200 || status >= 300) return;
      if (body.includes(spec.expect)) matched++;
      else firstMismatch ??= body.slice(0, 500);
    },
  };

  return new Promise((resolve, reject) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const instance = autocannon(
      {
        url: spec.origin,
        connections: spec.connections,
        duration: spec.durationSeconds,
        timeout: 10,
        requests: [request],
      },
      (err, result) => {
        if (err) return reject(err);
        const cpu = process.cpuUsage(cpu0);
        resolve({
          label: spec.label,
          kind: spec.kind,
          seconds: (performance.now() - t0) / 1000,
          responses: n,
          ok2xx: result['2xx'],
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          matched,
          built,
          latenciesMs: latencies.slice(0, n),
          loadGenCpuUs: cpu.user + cpu.system,
          firstMismatch,
        });
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      if (n === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2);
        bigger.set(latencies);
        latencies = bigger;
      }
      latencies[n++] = responseTime;
    });
  });
}

process.on('message', (msg: ToChild) => {
  if (msg.type === 'exit') {
    process.disconnect();
    return;
  }
  runLoad(msg.spec).then(
    (result) => send({ type: 'result', result }),
    (err: unknown) => send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});

send({ type: 'ready' });
