/** What the crash loop checks besides the database: deliveries on the fake platform, secrets in logs. */
import { randomBytes } from 'node:crypto';
import { createClient } from '@libsql/client';
import type { FakeLark } from './fake-lark.js';

/** Lark group chats bound to 第一支部: every notice goes to each of them. */
export const CRASH_CHATS = ['oc_crash1', 'oc_crash2', 'oc_crash3'];

export interface CrashSecrets {
  CORE_TOKEN: string;
  PIONEER_DATA_KEY: string;
  LARK_APP_SECRET: string;
  LARK_ENCRYPT_KEY: string;
  LARK_VERIFICATION_TOKEN: string;
}

/** Fresh random secrets, distinctive enough that finding one in a log cannot be a coincidence. */
export function randomSecrets(): CrashSecrets {
  return {
    CORE_TOKEN: `core-${randomBytes(16).toString('hex')}`,
    PIONEER_DATA_KEY: randomBytes(32).toString('base64'),
    LARK_APP_SECRET: `secret-${randomBytes(16).toString('hex')}`,
    LARK_ENCRYPT_KEY: `encrypt-${randomBytes(16).toString('hex')}`,
    LARK_VERIFICATION_TOKEN: `verify-${randomBytes(16).toString('hex')}`,
  };
}

/** Names of the secrets whose value (or its first 12 characters) appears in `text`. */
export function secretsIn(text: string, secrets: object): string[] {
  return Object.entries(secrets)
    .filter(([, v]) => typeof v === 'string' && (text.includes(v) || text.includes(v.slice(0, 12))))
    .map(([k]) => k);
}

const MARKER = /CRASH-\d+-\d+/;

/**
 * Waits until every confirmed notice reached every bound chat and no notice row is waiting, then
 * counts: deliveries, second copies of a (notice, chat), pairs never delivered, re-sends the
 * platform dropped by idempotency key.
 */
export async function deliveryReport(fake: FakeLark, dbUrl: string, markers: Map<string, number>, timeoutMs: number) {
  const perPair = () => {
    const m = new Map<string, number>();
    for (const s of fake.sent) {
      const marker = MARKER.exec(JSON.stringify(s.content))?.[0];
      if (marker) m.set(`${marker} ${s.receiveId}`, (m.get(`${marker} ${s.receiveId}`) ?? 0) + 1);
    }
    return m;
  };
  const missing = () => {
    const got = perPair();
    return [...markers.keys()].flatMap((mk) =>
      CRASH_CHATS.filter((c) => !got.has(`${mk} ${c}`)).map((c) => `${mk} ${c}`),
    );
  };
  const db = createClient({ url: dbUrl });
  const until = Date.now() + timeoutMs;
  try {
    for (;;) {
      const waiting = await db.execute(
        "SELECT count(*) AS n FROM outbox WHERE kind = 'notice' AND status IN ('pending', 'sending')",
      );
      if ((missing().length === 0 && Number(waiting.rows[0]!.n) === 0) || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    db.close();
  }
  const pairs = perPair();
  return {
    deliveries: [...pairs.values()].reduce((a, b) => a + b, 0),
    duplicateDeliveries: [...pairs.values()].reduce((a, n) => a + Math.max(0, n - 1), 0),
    missingDeliveries: missing().length,
    resendsSuppressed: fake.duplicateSends,
  };
}
