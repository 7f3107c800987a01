import type * as lark from '@larksuiteoapi/node-sdk';
import type { CorePort } from '../../src/contracts/adapter.js';
import { LARK_NAME_CACHE_MAX, LARK_NAME_MISS_TTL_MS, LARK_NAME_TTL_MS, LARK_PLATFORM } from './constants.js';

interface Entry {
  name: string | undefined;
  until: number;
}

/**
 * Names for open_ids (events carry ids only): the member registry first (CorePort.displayName),
 * then the contact API (`contact.v3.user.get`, needs the contact:user.base:readonly scope),
 * cached in memory.
 */
export class NameResolver {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly client: lark.Client,
    private readonly port: CorePort,
  ) {}

  /** The person's name, or undefined; `remote: false` skips the contact API (for callbacks that must answer fast). */
  async resolve(openId: string, opts: { remote?: boolean } = {}): Promise<string | undefined> {
    const now = this.port.clock.now().getTime();
    const hit = this.cache.get(openId);
    if (hit && hit.until > now) return hit.name;
    let name = await this.port.displayName(LARK_PLATFORM, openId);
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

  private async fromContacts(openId: string): Promise<string | undefined> {
    try {
      const res = await this.client.contact.v3.user.get({
        path: { user_id: openId },
        params: { user_id_type: 'open_id' },
      });
      const name = res.code === 0 ? res.data?.user?.name : undefined;
      return name ? name.slice(0, 128) : undefined;
    } catch {
      return undefined; // no permission, unknown user, network: the message goes on without a name
    }
  }
}
