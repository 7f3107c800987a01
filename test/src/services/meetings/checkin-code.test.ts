import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHECKIN_CODE_PERIOD_SEC,
  checkinCode,
  codeChangesAt,
  newCodeSecret,
  verifyCheckinCode,
} from '../../../../src/services/meetings/checkin-code.js';

const PERIOD_MS = CHECKIN_CODE_PERIOD_SEC * 1000;

describe('check-in codes', () => {
  it('are 6 digits, stable within a period and different across periods and secrets', async () => {
    const secret = newCodeSecret();
    const t0 = new Date('2026-12-01T07:00:00Z');
    const code = await checkinCode(secret, t0);
    expect(code).toMatch(/^\d{6}$/);
    expect(await checkinCode(secret, new Date(t0.getTime() + PERIOD_MS - 1))).toBe(code);
    expect(await checkinCode(secret, new Date(t0.getTime() + PERIOD_MS))).not.toBe(code);
    expect(await checkinCode(newCodeSecret(), t0)).not.toBe(code);
    expect(codeChangesAt(t0).getTime()).toBe(t0.getTime() + PERIOD_MS);
  });

  it('accept the current and the previous code only', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }), async (ms) => {
        const secret = newCodeSecret();
        const shown = new Date(ms);
        const code = await checkinCode(secret, shown);
        const next = new Date(Math.floor(ms / PERIOD_MS) * PERIOD_MS + PERIOD_MS);
        expect(await verifyCheckinCode(secret, code, shown)).toBe(true);
        expect(await verifyCheckinCode(secret, code, next)).toBe(true);
        // Two periods later it is refused unless it happens to collide (one in a million).
        const later = await checkinCode(secret, new Date(next.getTime() + PERIOD_MS));
        const before = await checkinCode(secret, next);
        if (later !== code && before !== code)
          expect(await verifyCheckinCode(secret, code, new Date(next.getTime() + PERIOD_MS))).toBe(false);
      }),
      { numRuns: 50 },
    );
  });

  it('refuse anything that is not 6 digits', async () => {
    const secret = newCodeSecret();
    for (const bad of ['', '12345', '1234567', 'abcdef', ' 12345'])
      expect(await verifyCheckinCode(secret, bad, new Date())).toBe(false);
  });
});
