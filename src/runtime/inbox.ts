import { and, asc, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type {
  ActionResult,
  CoreInbox,
  IncomingAction,
  InboxEvent,
  InboxOutcome,
  InboxResponder,
  InboxWork,
} from '../contracts/adapter.js';
import type { InboxSettings } from '../contracts/config/inbox.js';
import type { Logger } from '../contracts/log.js';
import type { IncomingMessage, MessageResult } from '../contracts/message.js';
import type { AttachmentSource } from '../contracts/files.js';
import type { Db } from '../contracts/store.js';
import { Rest, type Clock } from '../contracts/time.js';
import { claimedEvents } from '../db/schema.js';
import type { Keyring } from '../services/crypto.js';

/** What the inbox runs an event through: the dispatcher and the action runner of this process. */
export interface InboxCore {
  handle(msg: IncomingMessage, files?: AttachmentSource): Promise<MessageResult>;
  act(action: IncomingAction): Promise<ActionResult>;
}

export interface InboxOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  settings: InboxSettings;
  /** Seals stored events (they hold what people typed); null stores them as plain JSON. */
  keyring: Promise<Keyring | null>;
  core: InboxCore;
}

/** What one drain did. */
export interface DrainStats {
  /** Events retaken and finished. */
  finished: number;
  /** Events retaken whose attempt failed (left for the next drain, or given up). */
  failed: number;
  /** Events given up: too many attempts or too old. */
  dead: number;
}

/** The stored part of an event: what the core processes and what the adapter answers with. */
const storedSchema = z.object({
  work: z.custom<InboxWork>((v) => typeof v === 'object' && v !== null && 'kind' in v),
  context: z.record(z.string(), z.string()),
  retentionMs: z.number(),
});
type Stored = z.infer<typeof storedSchema>;

const aad = (platform: string, eventId: string) => `inbox:${platform}:${eventId}`;
const rowid = sql<number>`rowid`;

/**
 * The core's inbox (docs/inbox.md) over claimed_events: the claim of an event id and the stored
 * event are one row, inserted in one statement before the adapter answers the platform; the
 * event is processed after the answer, by the process that received it or, once that process's
 * lease ran out, by any process that drains.
 */
export class Inbox implements CoreInbox {
  private readonly responders = new Map<string, InboxResponder>();
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly resting = new Rest();

  constructor(private readonly o: InboxOptions) {}

  /** Drains now, then every INBOX_DRAIN_MS until `stop()` (the Node entry). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        await this.drain();
        if (this.running) await this.resting.for(this.o.settings.INBOX_DRAIN_MS);
      }
    })();
  }

  /** Stops the timer after the drain in progress. */
  async stop(): Promise<void> {
    this.running = false;
    this.resting.wake();
    await this.loop;
  }

  /** The adapter of `platform` finishes its events in this process. */
  register(platform: string, responder: InboxResponder): void {
    this.responders.set(platform, responder);
  }

  async receive(event: InboxEvent): Promise<boolean> {
    const now = this.o.clock.now().getTime();
    const stored: Stored = { work: event.work, context: { ...event.context }, retentionMs: event.retentionMs };
    const rows = await this.o.db
      .insert(claimedEvents)
      .values({
        platform: event.platform,
        eventId: event.eventId,
        receivedAt: now,
        status: 'pending',
        event: await this.seal(event.platform, event.eventId, JSON.stringify(stored)),
        keepUntil: now + event.retentionMs,
        leaseUntil: now + this.o.settings.INBOX_LEASE_MS,
        attempts: 1,
      })
      .onConflictDoNothing()
      .returning({ eventId: claimedEvents.eventId });
    return rows.length === 1;
  }

  async process(event: InboxEvent): Promise<void> {
    await this.finish(event, 1);
  }

  /**
   * Finishes the pending events of the platforms registered here whose lease ran out (their
   * process died, or an attempt failed), oldest first, one at a time; first gives up those
   * pending longer than INBOX_MAX_AGE_MS. Never throws.
   */
  async drain(): Promise<DrainStats> {
    const stats: DrainStats = { finished: 0, failed: 0, dead: 0 };
    const platforms = [...this.responders.keys()];
    if (platforms.length === 0) return stats;
    try {
      stats.dead += await this.expire(platforms);
      for (;;) {
        const rows = await this.retake(platforms);
        for (const row of rows) {
          const event = await this.open(row);
          if (!event) {
            stats.dead += await this.giveUp(row.platform, row.eventId, 'stored event unreadable');
            continue;
          }
          if (row.attempts > this.o.settings.INBOX_MAX_ATTEMPTS) {
            stats.dead += await this.giveUp(row.platform, row.eventId, 'too many attempts');
            continue;
          }
          if (await this.finish(event, row.attempts)) stats.finished++;
          else stats.failed++;
        }
        if (rows.length < this.o.settings.INBOX_BATCH_SIZE) break;
      }
    } catch (err) {
      this.o.log.error('inbox drain failed', { err });
    }
    return stats;
  }

  /** Runs one attempt; true when the event is done. */
  private async finish(event: InboxEvent, attempt: number): Promise<boolean> {
    const { platform, eventId } = event;
    try {
      const responder = this.responders.get(platform);
      if (!responder) throw new Error(`no adapter of ${platform} finishes inbox events here`);
      const work = responder.prepare ? await responder.prepare(event) : event.work;
      const outcome: InboxOutcome =
        work.kind === 'message'
          ? { kind: 'message', result: await this.o.core.handle(work.message, responder.files?.(work.message)) }
          : { kind: 'action', result: await this.o.core.act(work.action) };
      await responder.respond({ ...event, work }, outcome);
      await this.o.db
        .update(claimedEvents)
        .set({ status: 'done', event: null, leaseUntil: null, doneAt: this.o.clock.now().getTime() })
        .where(this.key(platform, eventId));
      return true;
    } catch (err) {
      this.o.log.warn('inbox event not finished', { platform, eventId, attempt, err });
      if (attempt >= this.o.settings.INBOX_MAX_ATTEMPTS) {
        await this.giveUp(platform, eventId, 'too many attempts').catch(() => 0);
      }
      return false;
    }
  }

  private key(platform: string, eventId: string) {
    return and(
      eq(claimedEvents.platform, platform),
      eq(claimedEvents.eventId, eventId),
      eq(claimedEvents.status, 'pending'),
    );
  }

  /** Leases the next batch of pending rows whose lease ran out, counting one attempt each. */
  private async retake(platforms: string[]) {
    const now = this.o.clock.now().getTime();
    const due = this.o.db
      .select({ rowid })
      .from(claimedEvents)
      .where(
        and(
          eq(claimedEvents.status, 'pending'),
          lte(claimedEvents.leaseUntil, now),
          inArray(claimedEvents.platform, platforms),
        ),
      )
      .orderBy(asc(claimedEvents.receivedAt))
      .limit(this.o.settings.INBOX_BATCH_SIZE);
    const rows = await this.o.db
      .update(claimedEvents)
      .set({ leaseUntil: now + this.o.settings.INBOX_LEASE_MS, attempts: sql`${claimedEvents.attempts} + 1` })
      .where(and(inArray(rowid, due), eq(claimedEvents.status, 'pending'), lte(claimedEvents.leaseUntil, now)))
      .returning();
    return rows.sort((a, b) => a.receivedAt - b.receivedAt);
  }

  /** Gives up the pending events of `platforms` older than INBOX_MAX_AGE_MS. */
  private async expire(platforms: string[]): Promise<number> {
    const cutoff = this.o.clock.now().getTime() - this.o.settings.INBOX_MAX_AGE_MS;
    const old = await this.o.db
      .update(claimedEvents)
      .set({ status: 'dead', event: null, leaseUntil: null })
      .where(
        and(
          eq(claimedEvents.status, 'pending'),
          lt(claimedEvents.receivedAt, cutoff),
          inArray(claimedEvents.platform, platforms),
        ),
      )
      .returning({ platform: claimedEvents.platform, eventId: claimedEvents.eventId });
    for (const r of old) this.o.log.error('inbox event given up', { ...r, reason: 'too old' });
    return old.length;
  }

  private async giveUp(platform: string, eventId: string, reason: string): Promise<number> {
    const rows = await this.o.db
      .update(claimedEvents)
      .set({ status: 'dead', event: null, leaseUntil: null })
      .where(this.key(platform, eventId))
      .returning({ eventId: claimedEvents.eventId });
    if (rows.length) this.o.log.error('inbox event given up', { platform, eventId, reason });
    return rows.length;
  }

  private async seal(platform: string, eventId: string, json: string): Promise<string> {
    const ring = await this.o.keyring;
    return ring ? ring.seal(json, aad(platform, eventId)) : json;
  }

  /** The stored event of a row, or null when it cannot be read (a key removed, a damaged value). */
  private async open(row: typeof claimedEvents.$inferSelect): Promise<InboxEvent | null> {
    if (row.event === null) return null;
    try {
      const ring = await this.o.keyring;
      const json = row.event.startsWith('{') ? row.event : await ring!.open(row.event, aad(row.platform, row.eventId));
      const stored = storedSchema.parse(JSON.parse(json));
      return { platform: row.platform, eventId: row.eventId, ...stored };
    } catch (err) {
      this.o.log.error('inbox event unreadable', { platform: row.platform, eventId: row.eventId, err });
      return null;
    }
  }
}
