import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConstraintViolation } from '../../../../src/contracts/store.js';
import { Work } from '../../../../src/contracts/work.js';
import { recordWrongCode, unlessLockedOut, wrongCodes } from '../../../../src/services/meetings/checkin-attempts.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';

// The commit-time guard of a right 签到码: a check-in read while the member had 4 wrong codes must
// not commit once a 5th has been written meanwhile (messages of one person handled at once).

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore();
});
afterEach(async () => {
  await t.close();
});

async function writeWrong(n: number, memberId = 'm1'): Promise<void> {
  const work = new Work(t.store.db, t.clock.now());
  for (let i = 0; i < n; i++) recordWrongCode(work, 7, memberId);
  await t.store.batch(work.writes);
}

async function guarded(): Promise<unknown> {
  const work = new Work(t.store.db, t.clock.now());
  unlessLockedOut(work, 7, 'm1', 5);
  return t.store.batch(work.writes).then(
    () => null,
    (err: unknown) => err,
  );
}

describe('unlessLockedOut', () => {
  it('lets a check-in commit below the limit and adds nothing', async () => {
    await writeWrong(4);
    await writeWrong(9, 'm2');
    expect(await guarded()).toBeNull();
    expect(await wrongCodes(t.store.db, 7, 'm1')).toBe(4);
  });

  it('fails the batch with a constraint violation (the dispatcher re-runs it) at the limit', async () => {
    await writeWrong(5);
    const err = await guarded();
    expect(isConstraintViolation(err)).toBe(true);
    expect(await wrongCodes(t.store.db, 7, 'm1')).toBe(5);
  });
});
