import { describe, expect, it } from 'vitest';
import { runCrashLoop } from '../../helpers/crash-loop.js';

// bench/crash.ts runs 50+ cycles of the same loop.
const CYCLES = Number(process.env.CRASH_CYCLES ?? 3);

describe('the Node server killed with SIGKILL while check-ins and notices are written', () => {
  it(
    `loses no confirmed check-in, ` + `sends no notice twice and keeps the database intact over ${CYCLES} kills`,
    async () => {
      const r = await runCrashLoop({ cycles: CYCLES, members: 16 });
      expect(r.cycles).toHaveLength(CYCLES);
      // Each kill landed while writes were going on.
      for (const c of r.cycles) expect(c.confirmed).toBeGreaterThan(0);
      expect(r.cycles.map((c) => c.integrity)).toEqual(r.cycles.map(() => 'ok'));
      expect(r.integrityOk).toBe(true);
      expect(r.checkinsConfirmed).toBeGreaterThan(CYCLES);
      expect(r.checkinsLost).toBe(0);
      expect(r.noticesConfirmed).toBeGreaterThan(0);
      expect(r.missingDeliveries).toBe(0);
      expect(r.duplicateDeliveries).toBe(0);
      expect(r.duplicateOutboxRows).toBe(0);
      expect(r.deliveries).toBe(r.noticesConfirmed * 3);
      expect(r.oddAnswers).toEqual([]);
      // The server's own output over all those runs never contains a secret.
      expect(r.logBytes).toBeGreaterThan(0);
      expect(r.secretsLogged).toEqual([]);
    },
    180_000,
  );
});
