import type { Wechaty } from 'wechaty';

/** A Wechaty puppet instance (wechaty-puppet-wechat4u, -service, -mock…). */
export type WechatyPuppet = Wechaty['puppet'];

const NPM_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** The puppet package is not installed (or the name is not a package name). */
export class PuppetLoadError extends Error {
  override name = 'PuppetLoadError';
}

/**
 * Loads the puppet package named by WECHATY_PUPPET and creates its puppet. Puppets read their
 * own variables (e.g. WECHATY_PUPPET_SERVICE_TOKEN) from the environment.
 */
export async function loadPuppet(name: string, options: Record<string, unknown> = {}): Promise<WechatyPuppet> {
  if (!NPM_NAME.test(name))
    throw new PuppetLoadError(`WECHATY_PUPPET: "${name}" is not an npm package name (e.g. wechaty-puppet-wechat4u)`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(name)) as Record<string, unknown>;
  } catch (err) {
    const code = (err as { code?: string }).code;
    const missing =
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
      String((err as Error).message).includes(`'${name}'`);
    if (missing) {
      throw new PuppetLoadError(
        `WECHATY_PUPPET=${name}: the package is not installed. Install it with: npm install ${name}`,
      );
    }
    throw err;
  }
  const Puppet =
    mod.default ??
    Object.values(mod).find((v) => typeof v === 'function' && /^Puppet/.test((v as { name?: string }).name ?? ''));
  if (typeof Puppet !== 'function')
    throw new PuppetLoadError(`WECHATY_PUPPET=${name}: the package does not export a Wechaty puppet`);
  return new (Puppet as new (o: Record<string, unknown>) => WechatyPuppet)(options);
}
