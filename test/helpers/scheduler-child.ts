/**
 * A scheduler in its own process, for tests of two schedulers on one database and of a real crash.
 * Configured by the environment: SCHED_DB (libSQL file URL), SCHED_NOW (ISO instant the clock
 * stays at), SCHED_OWNER, SCHED_BATCH (REMINDER_BATCH_SIZE), SCHED_CRASH_AFTER_CLAIM=1 (SIGKILLs
 * itself right after its first claim). Prints "ready", waits for a line on stdin, ticks until
 * nothing is due, prints its stats as JSON and exits 0.
 */
import { createInterface } from 'node:readline';
import { loadConfig } from '../../src/contracts/config/index.js';
import { openStore } from '../../src/db/open.js';
import { createLogger } from '../../src/contracts/log.js';
import { anyDue } from '../../src/services/reminders/fire.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { ManualClock } from '../../src/contracts/time.js';
import { schedulerTexts } from '../../commands/index.js';
import { TEST_PLATFORMS } from './reminders.js';

const env = process.env;
const store = await openStore({ url: env.SCHED_DB! });
const config = loadConfig({
  DATABASE_URL: env.SCHED_DB!,
  NODE_ENV: 'test',
  REMINDER_BATCH_SIZE: env.SCHED_BATCH ?? '10',
});
const clock = new ManualClock(env.SCHED_NOW!);
const scheduler = new Scheduler({
  deps: { store, config, clock, log: createLogger({ silent: true }), platforms: TEST_PLATFORMS },
  texts: schedulerTexts,
  owner: env.SCHED_OWNER,
  afterClaim: env.SCHED_CRASH_AFTER_CLAIM === '1' ? () => void process.kill(process.pid, 'SIGKILL') : undefined,
});
console.log('ready');
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));
const total = { claimed: 0, sent: 0, ticks: 0 };
while (await anyDue(store.db, clock.now().getTime())) {
  const r = await scheduler.tickOnce();
  if (r.errors.length) throw new Error(`tick failed: ${r.errors.join(', ')}`);
  total.claimed += r.reminders.claimed;
  total.sent += r.reminders.sent;
  total.ticks++;
}
console.log(JSON.stringify(total));
await store.close();
process.exit(0);
