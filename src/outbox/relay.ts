import type { Delivered, Deliverer } from '../contracts/adapter.js';
import type { Db } from '../contracts/store.js';
import { DeliveryError } from '../contracts/errors.js';
import { createLogger, type Logger } from '../contracts/log.js';
import { systemClock, type Clock, Rest } from '../contracts/time.js';
import { PlatformLimiter, type PlatformLimits, type Settle } from './limits.js';
import { failureOf } from './failure.js';
import { toOutbound } from './outbound.js';
import { dbRowStore, type OnHeld, type RowStore } from './row-store.js';
import type { OutboxRow } from './rows.js';
import { defaultRelaySettings, type RelaySettings } from '../contracts/config/relay.js';

export interface RelayOptions {
  /** The database the rows live in; or give `rows` (a gateway leases them from the core over HTTP). */
  db?: Db;
  rows?: RowStore;
  /** With `db`: told when rows are held past a daily cap (src/services/outbox-admin/held.ts). */
  onHeld?: OnHeld;
  /** One deliverer per platform; rows of other platforms are left alone. */
  deliverers: Iterable<Deliverer>;
  clock?: Clock;
  log?: Logger;
  settings?: RelaySettings;
  /** Pacing per platform, as each adapter declares it (Adapter.limits); platforms not listed are not paced. */
  limits?: ReadonlyMap<string, PlatformLimits>;
  /** Longest idempotency key per platform (its capabilities); platforms not listed get PLATFORM_KEY_CHARS. */
  keyChars?: ReadonlyMap<string, number>;
  /** Lease owner name; unique per relay. */
  owner?: string;
  random?: () => number;
  /** How to wait for a rate-limit slot (tests with a manual clock advance it instead). */
  sleep?: (ms: number) => Promise<void>;
}

/** What one round did. */
export interface RunStats {
  claimed: number;
  sent: number;
  /** Failed and scheduled for another attempt. */
  retried: number;
  dead: number;
  /** Put back unsent to wait for a rate-limit slot (or behind a failed row of the same chat). */
  deferred: number;
}

interface Round {
  stats: RunStats;
  /** No send starts after this, so every send ends well inside the lease. */
  deadline: number;
}

/** Until when a chat's remaining rows wait, and why when people should know. */
interface Hold {
  until: number;
  reason?: 'daily-cap';
}

/** How soon to look again when a rate window is full of requests not yet answered. */
const IN_FLIGHT_POLL_MS = 5;

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Key of a chat for pacing and ordering: a group, or a person for direct messages. */
const chatKey = (r: OutboxRow) => `${r.direct ? 'u' : 'c'}:${r.chatId}`;

/**
 * Delivers outbox rows: leases due rows, paces them per platform, app and chat, sends each through
 * its platform's Deliverer with a stable idempotency key, and marks it sent, retried or dead.
 * Rows of one chat go out in order; different chats in parallel.
 */
export class Relay {
  readonly owner: string;
  private readonly settings: RelaySettings;
  private readonly deliverers = new Map<string, Deliverer>();
  private readonly limiters = new Map<string, PlatformLimiter>();
  private readonly seeded = new Set<string>();
  /** Platform and day of each daily cap already logged, so it is logged once a day. */
  private readonly capWarned = new Set<string>();
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly rows: RowStore;
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly resting = new Rest();

  constructor(private readonly opts: RelayOptions) {
    this.settings = opts.settings ?? defaultRelaySettings();
    this.clock = opts.clock ?? systemClock;
    this.log = opts.log ?? createLogger();
    this.random = opts.random ?? Math.random;
    this.sleep = opts.sleep ?? realSleep;
    this.owner = opts.owner ?? `relay-${crypto.randomUUID().slice(0, 8)}`;
    if (opts.rows) this.rows = opts.rows;
    else if (opts.db)
      this.rows = dbRowStore(opts.db, {
        settings: this.settings,
        random: this.random,
        onHeld: opts.onHeld,
        log: this.log,
        clock: this.clock,
      });
    else throw new Error('Relay needs db or rows');
    for (const d of opts.deliverers) this.deliverers.set(d.platform, d);
    // The margin is the relay's (its clock against the platform's counter), unless a platform names its own.
    const marginMs = this.settings.RELAY_RATE_MARGIN_MS;
    for (const [platform, spec] of opts.limits ?? []) {
      this.limiters.set(platform, new PlatformLimiter({ marginMs, ...spec }, this.random));
    }
  }

  /** One round: lease due rows (as of `now`) and deliver them; resolves when all are settled. */
  async runOnce(now: Date = this.clock.now()): Promise<RunStats> {
    const t = now.getTime();
    const s = this.settings;
    await this.seedLimits(t);
    const rows = await this.rows.claim({
      platforms: [...this.deliverers.keys()],
      owner: this.owner,
      now: t,
      leaseMs: s.RELAY_LEASE_MS,
      limit: s.RELAY_BATCH_SIZE,
    });
    const round: Round = {
      stats: { claimed: rows.length, sent: 0, retried: 0, dead: 0, deferred: 0 },
      deadline: t + s.RELAY_LEASE_MS / 2,
    };
    const groups = new Map<string, OutboxRow[]>();
    for (const r of rows) {
      const key = `${r.platform}\u0000${chatKey(r)}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    const queue = [...groups.values()];
    const worker = async () => {
      for (let g = queue.shift(); g; g = queue.shift()) await this.sendGroup(g, round);
    };
    await Promise.all(Array.from({ length: Math.min(s.RELAY_CONCURRENCY, queue.length) }, worker));
    return round.stats;
  }

  /** Runs rounds in the background until `stop()`; rests RELAY_POLL_MS when nothing is due. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        let idle = true;
        try {
          idle = (await this.runOnce()).claimed === 0;
        } catch (err) {
          this.log.error('relay round failed', { owner: this.owner, err });
        }
        if (idle && this.running) await this.resting.for(this.settings.RELAY_POLL_MS);
      }
    })();
  }

  /** Stops the loop after the round in progress. */
  async stop(): Promise<void> {
    this.running = false;
    this.resting.wake();
    await this.loop;
  }

  /** Wakes an idle loop now (e.g. right after something was enqueued). */
  kick(): void {
    this.resting.wake();
  }

  /** Re-seeds rate windows from the database once (restart), and daily counts every round. */
  private async seedLimits(now: number): Promise<void> {
    for (const [platform, limiter] of this.limiters) {
      if (!this.deliverers.has(platform)) continue;
      if (!this.seeded.has(platform)) {
        this.seeded.add(platform);
        const since = now - limiter.longestWindowMs();
        for (const r of await this.rows.recentSends(platform, since))
          limiter.take(`${r.direct ? 'u' : 'c'}:${r.chatId}`, r.sentAt)(r.sentAt);
      }
      const dayStart = limiter.dayStart(now);
      if (dayStart !== null) limiter.seedDayCount(await this.rows.countSentSince(platform, dayStart), now);
    }
  }

  /** Sends one chat's rows in order; when one must wait, the rest wait behind it. */
  private async sendGroup(rows: OutboxRow[], round: Round): Promise<void> {
    for (let i = 0; i < rows.length; i++) {
      const hold = await this.sendRow(rows[i]!, round);
      if (hold !== null) {
        const rest = rows.slice(i + 1).map((r) => r.id);
        await this.rows.release(rest, this.owner, hold.until, hold.reason);
        round.stats.deferred += rest.length;
        return;
      }
    }
  }

  /** Waits for the row's rate-limit slot and sends it; returns when the chat's next row may go, or null at once. */
  private async sendRow(row: OutboxRow, round: Round): Promise<Hold | null> {
    const limiter = this.limiters.get(row.platform);
    const key = chatKey(row);
    const s = this.settings;
    let settle: Settle | undefined;
    for (;;) {
      const t = this.clock.now().getTime();
      const slot = limiter ? limiter.earliest(key, t) : t;
      if (t > round.deadline || (slot !== Infinity && (slot - t > s.RELAY_LOOKAHEAD_MS || slot > round.deadline))) {
        const at = Math.max(t, slot === Infinity ? t : slot);
        const reason = limiter?.capped(t) && at - t > s.RELAY_LOOKAHEAD_MS ? ('daily-cap' as const) : undefined;
        if (reason && !this.capWarned.has(`${row.platform}:${limiter!.dayStart(t)}`)) {
          this.capWarned.add(`${row.platform}:${limiter!.dayStart(t)}`);
          this.log.warn('daily cap reached; rows wait for the next day', {
            platform: row.platform,
            dailyCap: limiter!.spec.dailyCap,
            resumeAt: new Date(at).toISOString(),
          });
        }
        await this.rows.release([row.id], this.owner, at, reason);
        round.stats.deferred++;
        return { until: at, reason };
      }
      if (slot > t) {
        // Infinity: the window is full of requests still in flight; look again shortly.
        await this.sleep(slot === Infinity ? IN_FLIGHT_POLL_MS : slot - t);
        continue;
      }
      settle = limiter?.take(key, t);
      break;
    }
    const out = await toOutbound(row, this.opts.keyChars?.get(row.platform));
    let delivered: Delivered | void;
    try {
      delivered = await this.withTimeout(this.deliverers.get(row.platform)!.deliver(out));
    } catch (err) {
      settle?.(this.clock.now().getTime());
      return this.fail(row, err, limiter, round);
    }
    const sentAt = this.clock.now().getTime();
    settle?.(sentAt);
    if (await this.rows.sent(row.id, this.owner, sentAt, delivered?.platformMessageId)) round.stats.sent++;
    // Else the lease ran out mid-send and another relay took the row; the key keeps it single.
    else this.log.warn('lease lost before marking sent', { id: row.id, owner: this.owner });
    return null;
  }

  private withTimeout<T>(p: Promise<T>): Promise<T> {
    const ms = Math.min(this.settings.RELAY_SEND_TIMEOUT_MS, this.settings.RELAY_LEASE_MS / 2);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeliveryError(`no answer within ${ms} ms`)), ms);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  }

  /** Records a failure: waits retryAfterMs (429) or an exponential backoff, or gives up. */
  private async fail(
    row: OutboxRow,
    err: unknown,
    limiter: PlatformLimiter | undefined,
    round: Round,
  ): Promise<Hold | null> {
    const failure = failureOf(err);
    const o = await this.rows.failed(row, this.owner, failure, this.clock.now().getTime());
    if (o.throttled) {
      // Which limit was hit is not said: hold the chat and the whole app until the reset.
      limiter?.pause(chatKey(row), o.retryAt);
      limiter?.pause(null, o.retryAt);
    }
    const fields = {
      id: row.id,
      platform: row.platform,
      chatId: row.chatId,
      kind: row.kind,
      attempts: o.attempts,
      error: failure.error,
    };
    if (o.dead) {
      round.stats.dead++;
      this.log.error('outbox row dead', fields);
      return null;
    }
    round.stats.retried++;
    if (!o.throttled)
      this.log.warn('delivery failed, will retry', { ...fields, retryInMs: o.retryAt - this.clock.now().getTime() });
    return { until: o.retryAt };
  }
}
