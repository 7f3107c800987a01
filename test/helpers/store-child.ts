/**
 * A process writing through the embedded store until it is killed (test/src/db/crash.test.ts).
 * STORE_URL names the file. Eight writers submit batches of two rows (an invite use and its audit
 * row) that group-commit together, with checkpoints in the background thread from the start;
 * each code is printed on stdout only after its batch resolved (when it would be answered).
 */
import { openLocalStore } from '../../src/db/local.js';
import { auditLog, inviteUses } from '../../src/db/schema.js';

const store = await openLocalStore(process.env.STORE_URL!, { backgroundCheckpointAfter: 0 });
let seq = 0;
async function writer(): Promise<never> {
  for (;;) {
    const code = `c${process.pid}-${++seq}`;
    await store.batch([
      store.db.insert(inviteUses).values({ code, memberId: 'm', usedAt: seq }),
      store.db.insert(auditLog).values({ at: seq, actor: 'child', action: 'use', target: code }),
    ]);
    process.stdout.write(`${code}\n`);
  }
}
await Promise.all(Array.from({ length: 8 }, writer));
