import type * as lark from '@larksuiteoapi/node-sdk';
import { and, eq } from 'drizzle-orm';
import { identities, members } from '../../src/db/schema.js';
import type { Db } from '../../src/contracts/store.js';
import type { Clock } from '../../src/contracts/time.js';
import { LARK_NAME_CACHE_MAX, LARK_NAME_MISS_TTL_MS, LARK_NAME_TTL_MS, LARK_PLATFORM } from './constants.js';

interface Entry {
  name: string | undefined;
  until: number;
}

/**
 * Names for open_ids (events carry ids only): the member registry first, then the contact API
 * (`contact.v3.user.get`, needs the contact:user.base:readonly scope), cached in memory.
 */
export class NameResolver {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly client: lark.Client,
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** The person's name, or undefined; `remote: false` skips the contact API (for callbacks that must answer fast). */
  async resolve(openId: string, opts: { remote?: boolean } = {}): Promise<string | undefined> {
    const now = this.clock.now().getTime();
    const hit = this.cache.get(openId);
    if (hit && hit.until > now) return hit.name;
    let name = await this.fromRegistry(openId);
    if (name === undefined && opts.remote === false) return undefined;
    if (name === undefined) name = await this.fromContacts(openId);
    this.remember(openId, { name, until: now + (name === undefined ? LARK_NAME_MISS_TTL_MS : LARK_NAME_TTL_MS) });
    return name;
  }

  private remember(openId: string, entry: Entry): void {
    this.cache.delete(openId);
    this.cache.set(openId, entry);
    if (this.cache.size > LARK_NAME_CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
  }

  private async fromRegistry(openId: string): Promise<string | undefined> {
    const rows = await this.db
      .select({ name: members.name, displayName: identities.displayName })
      .from(identities)
      .leftJoin(members, eq(members.id, identities.memberId))
      .where(and(eq(identities.platform, LARK_PLATFORM), eq(identities.userId, openId)))
      .limit(1);
    return rows[0]?.name ?? rows[0]?.displayName ?? undefined;
  }

  private async fromContacts(openId: string): Promise<string | undefined> {
    try {
      const res = await this.client.contact.v3.user.get({ path: { user_id: openId }, params: { user_id_type: 'open_id' } });
      const name = res.code === 0 ? res.data?.user?.name : undefined;
      return name ? name.slice(0, 128) : undefined;
    } catch {
      return undefined; // no permission, unknown user, network: the message goes on without a name
    }
  }
}
