import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { rows } from '../../helpers/meetings.js';

// Only a UNIQUE or PRIMARY KEY conflict is a write race that re-running the message can resolve
// (src/contracts/store.ts isConstraintViolation). A NOT NULL failure is a bug: re-running it only
// repeats it, so it is answered with the apology at once and logged as what it is.

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore();
});
afterEach(async () => {
  await t.close();
});

const warnings = () => t.log.lines.filter((l) => l.msg === 'write conflict, retrying');

describe('write races', () => {
  it('a NOT NULL failure in a message is not retried as a race', async () => {
    // A write that breaks a NOT NULL column, as a buggy command would: every new unit also
    // inserts a member without a name (the real engine's own constraint check fails).
    await t.store.client.execute(
      'CREATE TRIGGER zz_null_name AFTER INSERT ON units BEGIN ' +
        "INSERT INTO members (id, name, role, created_at) VALUES ('x', NULL, 'member', 0); END",
    );
    const reply = await t.say({ from: 'admin', text: '建组织 泰山区某社区党委' });
    expect(reply).toMatch(/错误编号/);
    expect(warnings()).toEqual([]);
    const failed = t.log.lines.filter((l) => l.level === 'error');
    expect(failed).toHaveLength(1);
    expect(String((failed[0]!.fields!.err as Error).message)).toMatch(/NOT NULL constraint failed: members\.name/);
    expect(await rows(t, 'SELECT name FROM units')).toEqual([]);
  });
});
