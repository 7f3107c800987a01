import { z } from 'zod';

// The outbox routes a gateway uses (POST /v1/outbox/*), as zod schemas shared by the core's routes
// (src/http/outbox-routes.ts) and the gateway's client (src/outbox/remote-rows.ts).

const platform = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-z0-9_-]+$/, 'lowercase letters, digits, - or _');
/** A lease owner: one name per gateway process. */
const owner = z.string().min(1).max(64);
const id = z.number().int().positive();
const epochMs = z.number().int().min(0);

/** Longest lease a gateway may ask for: its rows wait this long after it dies. */
export const GATEWAY_MAX_LEASE_MS = 10 * 60_000;
/** Most rows one claim hands out. */
export const GATEWAY_MAX_CLAIM = 100;
/** Longest wait a gateway may name for a retry (a day). */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

export const claimRequestSchema = z.object({
  platform,
  owner,
  max: z.number().int().min(1).max(GATEWAY_MAX_CLAIM).default(20),
  leaseMs: z.number().int().min(1000).max(GATEWAY_MAX_LEASE_MS).default(60_000),
});

/** An outbox row as claimed: the columns of src/db/tables/outbox.ts. */
export const wireRowSchema = z.object({
  id,
  platform,
  chatId: z.string(),
  direct: z.boolean(),
  kind: z.string(),
  ref: z.string(),
  text: z.string(),
  mentions: z.string(),
  payload: z.string().nullable(),
  idemKey: z.string(),
  unitId: z.string().nullable(),
  status: z.enum(['pending', 'sending', 'sent', 'dead']),
  attempts: z.number().int(),
  notBefore: epochMs,
  leaseOwner: z.string().nullable(),
  leaseUntil: epochMs.nullable(),
  lastError: z.string().nullable(),
  createdAt: epochMs,
  sentAt: epochMs.nullable(),
});

export const claimAnswerSchema = z.object({ now: epochMs, rows: z.array(wireRowSchema) });

export const ackRequestSchema = z.discriminatedUnion('ok', [
  z.object({ id, owner, ok: z.literal(true), platformMessageId: z.string().min(1).max(200).optional() }),
  z.object({
    id,
    owner,
    ok: z.literal(false),
    error: z.string().max(2000),
    retryAfterMs: z.number().int().min(0).max(MAX_RETRY_AFTER_MS).optional(),
    permanent: z.boolean().optional(),
    status: z.number().int().optional(),
  }),
]);

export const ackAnswerSchema = z.object({
  status: z.enum(['sent', 'pending', 'dead']),
  attempts: z.number().int().optional(),
  retryAt: epochMs.optional(),
  throttled: z.boolean().optional(),
});

export const releaseRequestSchema = z.object({
  ids: z.array(id).min(1).max(GATEWAY_MAX_CLAIM),
  owner,
  notBefore: epochMs,
  reason: z.literal('daily-cap').optional(),
});

export const sendsRequestSchema = z.object({ platform, since: epochMs, list: z.boolean().default(false) });

export const sendsAnswerSchema = z.object({
  count: z.number().int(),
  sends: z.array(z.object({ chatId: z.string(), direct: z.boolean(), sentAt: epochMs })).optional(),
});
