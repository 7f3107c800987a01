import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const DEV_DATA_KEY_FILE = './data/data-key';

/** In development a data key is generated once into ./data/ so nobody has to configure one. */
export function devDataKey(env: NodeJS.ProcessEnv): void {
  if (env.PIONEER_DATA_KEY || env.NODE_ENV === 'production') return;
  if (!existsSync(DEV_DATA_KEY_FILE)) {
    mkdirSync(dirname(DEV_DATA_KEY_FILE), { recursive: true });
    writeFileSync(DEV_DATA_KEY_FILE, Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64'), {
      mode: 0o600,
    });
  }
  env.PIONEER_DATA_KEY = readFileSync(DEV_DATA_KEY_FILE, 'utf8').trim();
}
