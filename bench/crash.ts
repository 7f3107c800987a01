/**
 * `crash`: crash durability of the real Node entry. src/runtime/node.ts runs as a child process with a
 * temp database and a loopback fake Lark; a client checks members in and sends notices over HTTP
 * while the child is SIGKILLed, CRASH_CYCLES times (default 50). After each kill, before the
 * restart: PRAGMA integrity_check and every check-in the client was told succeeded must be in the
 * file. Requests whose answer was lost are sent again after the restart with the same message id.
 * At the end every notice must have reached each of the 3 bound chats exactly once.
 * The loop itself is test/helpers/crash-loop.ts (npm test runs 3 cycles of it).
 *
 * Env: CRASH_CYCLES (default 50), CRASH_MEMBERS (default 24), CRASH_SEED (default 7).
 */
import { loadavg } from 'node:os';
import { runCrashLoop } from '../test/helpers/crash-loop.js';
import { median, target, type Benchmark, type Check } from './lib.js';

function envInt(name: string, def: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : def;
}

export const crashBench: Benchmark = {
  name: 'crash',
  description:
    'SIGKILL the Node server while check-ins and notices are written; nothing confirmed is lost or sent twice',
  async run(ctx) {
    const cycles = envInt('CRASH_CYCLES', 50);
    const r = await runCrashLoop({
      cycles,
      members: envInt('CRASH_MEMBERS', 24),
      seed: envInt('CRASH_SEED', 7),
      log: ctx.log,
    });
    const boots = r.cycles.map((c) => c.bootMs);
    const figures = {
      cycles: r.cycles.length,
      integrityOk: r.cycles.filter((c) => c.integrity === 'ok').length,
      checkins: r.checkinsConfirmed,
      inFlight: r.cycles.reduce((a, c) => a + c.inFlight, 0),
      lost: r.checkinsLost,
      notices: r.noticesConfirmed,
      deliveries: r.deliveries,
      duplicates: r.duplicateDeliveries,
      missing: r.missingDeliveries,
      suppressed: r.resendsSuppressed,
      bootMs: median(boots),
    };
    const checks: Check[] = [
      {
        label: 'every kill landed during writes',
        ok: r.cycles.every((c) => c.confirmed > 0 && c.notices > 0),
        detail: `check-ins before each kill: ${r.cycles.map((c) => c.confirmed).join(',')}`,
      },
      {
        label: 'no unexpected answers',
        ok: r.oddAnswers.length === 0,
        detail: r.oddAnswers.slice(0, 3).join(' | ') || 'none',
      },
      {
        label: 'no secret in the server output',
        ok: r.secretsLogged.length === 0,
        detail: r.secretsLogged.join(', ') || `none in ${r.logBytes} bytes`,
      },
      {
        label: 'no (notice, chat) with two outbox rows',
        ok: r.duplicateOutboxRows === 0,
        detail: String(r.duplicateOutboxRows),
      },
    ];
    return {
      columns: [
        { key: 'cycles', label: 'kills' },
        { key: 'integrityOk', label: 'integrity ok' },
        { key: 'checkins', label: 'check-ins confirmed' },
        { key: 'inFlight', label: 'in flight at kill' },
        { key: 'lost', label: 'lost' },
        { key: 'notices', label: 'notices' },
        { key: 'deliveries', label: 'deliveries' },
        { key: 'duplicates', label: 'sent twice' },
        { key: 'missing', label: 'missing' },
        { key: 'suppressed', label: 're-sends deduped' },
        { key: 'bootMs', label: 'restart ms (median)' },
      ],
      rows: [
        {
          name: 'SIGKILL loop',
          figures,
          targets: [
            target(figures, 'lost', '<=', 0, 'no confirmed check-in lost'),
            target(figures, 'duplicates', '<=', 0, 'no notice sent twice'),
            target(figures, 'missing', '<=', 0, 'every notice delivered'),
            target(
              { bad: figures.cycles - figures.integrityOk },
              'bad',
              '<=',
              0,
              'integrity_check ok after every kill',
            ),
          ],
        },
      ],
      checks,
      notes: [
        `crash cycles: ${r.cycles.length}; per cycle (check-ins before the kill / requests in flight / notices): ` +
          `${r.cycles.map((c) => `${c.confirmed}/${c.inFlight}/${c.notices}`).join(' ')}`,
        're-sends deduped: rows the relay had sent when it was killed, sent again after the restart ' +
          'with the same idempotency key and dropped by the (fake) platform, as Feishu does with uuid',
        `restart time (spawn to /healthz 200) min ${Math.min(...boots)} ms, max ${Math.max(...boots)} ms; ` +
          `mostly module loading under tsx`,
        `load average at the end: ${loadavg()
          .map((x) => x.toFixed(1))
          .join(' / ')} (1/5/15 min)`,
      ],
      details: { cycles: r.cycles, oddAnswers: r.oddAnswers, logBytes: r.logBytes },
    };
  },
};
