import type { AdapterContext } from '../../src/contracts/adapter.js';
import { listeningUrl } from '../../src/contracts/config/env.js';
import type { PlaygroundConfig } from './config.js';

/** Host names only this machine can reach. */
export const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|\[::1\]|::1|localhost)$/i;

/** Who the playground's routes answer (./guard.ts). */
export interface PlaygroundAccess {
  /** PUBLIC_URL's origin and host name: besides loopback, the one name the page may be reached by. */
  publicOrigin: string;
  publicHost: string;
  /** The bearer token every send and poll must carry (PLAYGROUND=on); none on this machine alone. */
  token?: string;
}

/** On this machine only, reached as PUBLIC_URL (by default the address it listens on) or loopback. */
export function localAccess(publicUrl = listeningUrl(undefined, undefined)): PlaygroundAccess {
  const url = new URL(publicUrl);
  return { publicOrigin: url.origin, publicHost: url.hostname };
}

/**
 * Whether the playground is served, and to whom; otherwise why not. Anyone who can post to it
 * speaks as every persona (the administrator among them) and reads what the bot sends them, so
 * without PLAYGROUND=on it is served only outside production, on a loopback HOST, with a
 * loopback PUBLIC_URL (no proxy in front) and beside no real platform. PLAYGROUND=on serves it
 * there too (never in production: ./module.ts refuses that), and then the page must send
 * CORE_TOKEN.
 */
export function playgroundAccess(c: PlaygroundConfig, ctx: AdapterContext): PlaygroundAccess | { off: string } {
  if (ctx.production) return { off: 'production' };
  if (c.PLAYGROUND === 'off') return { off: 'PLAYGROUND=off' };
  const local = localAccess(c.PUBLIC_URL);
  if (c.PLAYGROUND === 'on') return c.CORE_TOKEN ? { ...local, token: c.CORE_TOKEN } : { off: 'no CORE_TOKEN' };
  const beyond =
    ctx.host !== undefined && !LOOPBACK_HOST.test(ctx.host)
      ? `HOST ${ctx.host} is reachable beyond this machine`
      : !LOOPBACK_HOST.test(local.publicHost)
        ? `PUBLIC_URL ${local.publicOrigin} is reachable beyond this machine`
        : ctx.realPlatforms?.length
          ? `a real platform is configured (${ctx.realPlatforms.join(', ')})`
          : null;
  return beyond ? { off: beyond } : local;
}
