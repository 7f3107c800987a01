import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { pngBytes } from '../../helpers/records.js';

// POST /playground/upload holds bytes for the message that names them: it answers the same
// requests /playground/send does (a loopback Host or PUBLIC_URL's, same-origin, CORE_TOKEN when
// PLAYGROUND=on), so a page on another site cannot fill the playground's memory with files.

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

async function upload(headers: Record<string, string>, base = ''): Promise<number> {
  const body = (await pngBytes(32, 32)) as Uint8Array<ArrayBuffer>;
  return (await t!.app.request(`${base}/playground/upload`, { method: 'POST', headers, body })).status;
}

describe('POST /playground/upload', () => {
  it('takes same-origin requests from a loopback Host only', async () => {
    t = await createTestCore();
    expect(await upload(SAME_ORIGIN)).toBe(200);
    expect(await upload({})).toBe(403);
    expect(await upload({ 'sec-fetch-site': 'cross-site' })).toBe(403);
    expect(await upload({ origin: 'http://evil.example' })).toBe(403);
    expect(await upload(SAME_ORIGIN, 'http://evil.example')).toBe(403);
  });

  it('with PLAYGROUND=on, requires CORE_TOKEN', async () => {
    const token = 'p'.repeat(40);
    t = await createTestCore({
      env: { HOST: '0.0.0.0', PUBLIC_URL: 'https://pioneer.example.org', PLAYGROUND: 'on', CORE_TOKEN: token },
    });
    const site = 'https://pioneer.example.org';
    expect(await upload(SAME_ORIGIN, site)).toBe(401);
    expect(await upload({ ...SAME_ORIGIN, authorization: 'Bearer wrong' }, site)).toBe(401);
    expect(await upload({ ...SAME_ORIGIN, authorization: `Bearer ${token}` }, site)).toBe(200);
  });
});
