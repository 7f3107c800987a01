import type { Db } from '../../contracts/store.js';
import { loadBinding, loadSender, type ChatBinding, type Sender } from './identity.js';
import { UnitTree } from './units.js';

/**
 * How long a cached sender, chat binding or unit tree is trusted, in milliseconds. Changes made by
 * this process clear the cache at once; changes made by another process sharing the database
 * (a second Node process, Workers isolates) are seen after at most this long.
 */
export const ORG_CACHE_TTL_MS = 5_000;
/** Entries kept per map before the oldest are dropped. */
export const ORG_CACHE_MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  until: number;
}

/**
 * The reads every message repeats (who is this sender, which unit is this chat bound to, the unit
 * tree), kept in memory per core instance (bench/phases.ts: they dominate the read path).
 */
export class OrgCache {
  private senders = new Map<string, Entry<Sender>>();
  private bindings = new Map<string, Entry<ChatBinding | null>>();
  private treeEntry: Entry<Promise<UnitTree>> | undefined;
  private generation = 0;

  constructor(
    private readonly admins: ReadonlySet<string>,
    private readonly ttlMs = ORG_CACHE_TTL_MS,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /**
   * Forgets what a committed change made stale: given identity keys ("platform:userId") only those
   * senders, otherwise (or with 'all') everything.
   */
  invalidate(changes?: ReadonlySet<string>): void {
    if (changes && !changes.has('all')) {
      for (const key of changes) this.senders.delete(key.replace(':', '\u0000'));
      this.generation++;
      return;
    }
    this.senders.clear();
    this.bindings.clear();
    this.treeEntry = undefined;
    this.generation++;
  }

  async sender(db: Db, platform: string, userId: string, platformName: string | undefined): Promise<Sender> {
    const key = `${platform}\u0000${userId}`;
    const hit = this.fresh(this.senders.get(key));
    // The platform's display name is not part of the identity; keep the cached record's.
    if (hit) return hit.member || !platformName ? hit : { ...hit, name: platformName };
    const gen = this.generation;
    const value = await loadSender(db, this.admins, platform, userId, platformName);
    if (gen === this.generation) this.put(this.senders, key, value);
    return value;
  }

  async binding(db: Db, platform: string, chatId: string): Promise<ChatBinding | null> {
    const key = `${platform}\u0000${chatId}`;
    const entry = this.bindings.get(key);
    if (entry && entry.until > this.clock()) return entry.value;
    const gen = this.generation;
    const value = await loadBinding(db, platform, chatId);
    if (gen === this.generation) this.put(this.bindings, key, value);
    return value;
  }

  tree(db: Db): Promise<UnitTree> {
    if (this.treeEntry && this.treeEntry.until > this.clock()) return this.treeEntry.value;
    const value = UnitTree.load(db);
    const entry = { value, until: this.clock() + this.ttlMs };
    this.treeEntry = entry;
    value.catch(() => {
      if (this.treeEntry === entry) this.treeEntry = undefined;
    });
    return value;
  }

  private fresh<T>(e: Entry<T> | undefined): T | undefined {
    return e && e.until > this.clock() ? e.value : undefined;
  }

  private put<T>(map: Map<string, Entry<T>>, key: string, value: T): void {
    if (this.ttlMs <= 0) return;
    if (map.size >= ORG_CACHE_MAX_ENTRIES) map.delete(map.keys().next().value!);
    map.set(key, { value, until: this.clock() + this.ttlMs });
  }
}
