import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCore } from '../../helpers/core.js';
import { FUZZ_TOKEN, fuzzRequest, runFuzzRequest } from '../../helpers/fuzz-http.js';
import { createWorld } from '../../helpers/world.js';

// A sample in every test run; bench/fuzz.ts sends many more of the same requests.
const RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 1500);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

let t: TestCore;
beforeAll(async () => {
  t = await createWorld({ env: { CORE_TOKEN: FUZZ_TOKEN } });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('POST /v1/messages under fuzzing', () => {
  it('never a 500 or an apology; direct chats always answered, group chatter never', async () => {
    const statuses = new Map<number, number>();
    let direct = 0;
    await fc.assert(
      fc.asyncProperty(fuzzRequest, async (req) => {
        const out = await runFuzzRequest(t.app, t.core.deps.registry, req);
        statuses.set(out.status, (statuses.get(out.status) ?? 0) + 1);
        if (out.answeredDirect) direct++;
        expect(out.problems).toEqual([]);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // Every kind of answer was exercised, and nothing escaped as an error in the logs.
    expect([...statuses.keys()].sort()).toEqual([200, 400, 401, 413]);
    expect(direct).toBeGreaterThan(RUNS / 10);
    expect(t.log.lines.filter((l) => l.level === 'error')).toEqual([]);
    const health = await t.app.request('/healthz');
    expect(health.status).toBe(200);
  }, 120_000);
});
