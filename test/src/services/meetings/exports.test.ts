import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/contracts/config/index.js';
import { exportLinks, signExportToken, verifyExportToken } from '../../../../src/services/meetings/exports.js';

const now = new Date('2026-12-01T02:00:00Z');
const claims = { target: { kind: 'meeting' as const, meetingId: 7 }, exp: now.getTime() + 1000, by: 'm1' };

describe('export link tokens', () => {
  it('verify until they expire; a forged expiry is invalid, not expired', async () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    const token = await signExportToken(config, claims);
    expect(await verifyExportToken(config, token, now)).toEqual({ ok: true, claims });
    expect(await verifyExportToken(config, token, new Date(claims.exp))).toEqual({ ok: false, reason: 'expired' });
    const [, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 10 ** 9 })).toString('base64url');
    expect(await verifyExportToken(config, `${forged}.${sig}`, new Date(claims.exp))).toEqual({
      ok: false,
      reason: 'invalid',
    });
    for (const bad of ['', 'a', 'a.b.c', '!!.!!', `${token}x`])
      expect((await verifyExportToken(config, bad, now)).ok).toBe(false);
  });

  it('are keyed by PIONEER_DATA_KEY: a link from one key fails under another', async () => {
    const key = (b: number) => Buffer.alloc(32, b).toString('base64');
    const a = loadConfig({ NODE_ENV: 'test', PIONEER_DATA_KEY: key(1) });
    const b = loadConfig({ NODE_ENV: 'test', PIONEER_DATA_KEY: key(2) });
    const dev = loadConfig({ NODE_ENV: 'test' });
    const token = await signExportToken(a, claims);
    expect((await verifyExportToken(a, token, now)).ok).toBe(true);
    expect(await verifyExportToken(b, token, now)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyExportToken(dev, token, now)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('links use PUBLIC_URL and EXPORT_LINK_TTL_HOURS', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      PUBLIC_URL: 'https://pioneer.example.org/',
      EXPORT_LINK_TTL_HOURS: '2',
    });
    const l = await exportLinks(config, claims.target, 'm1', now);
    expect(l.csv).toMatch(/^https:\/\/pioneer\.example\.org\/exports\/[\w-]+\.[\w-]+\.csv$/);
    expect(l.xlsx).toBe(l.csv.replace(/\.csv$/, '.xlsx'));
    expect(l.expiresAt.getTime()).toBe(now.getTime() + 2 * 3_600_000);
  });
});
