// Signed, expiring links of 党费: the export files (XLSX ledger, DOCX 公示) and the one-time upload
// page of 党费导入. JWTs (HS256, hono/jwt, WebCrypto so Workers run it too) under a key derived from
// PIONEER_DATA_KEY for this use only, so a dues link is no meeting-export link (or the reverse) and
// rotating the data key voids every link. The audience tells the two uses apart; expiry is checked
// against the core's clock. Outside production without a data key (tests), a fixed development
// secret signs, as meeting exports do (src/services/meetings/exports.ts).
import { sign, verify } from 'hono/jwt';
import type { Config } from '../../contracts/config/index.js';
import { base64ToBytes } from '../crypto.js';
import type { Month } from './months.js';

const KEY_LABEL = 'pioneer/dues-links/v1';
const DEV_SECRET = 'pioneer-development-dues-links';
/** How long an upload link of 党费导入 works. */
export const DUES_IMPORT_LINK_TTL_MIN = 30;

/** What an export covers: a quarter (公示) or a year (the 支部大会's summary). */
export type DuesPeriod = { kind: 'quarter'; year: number; quarter: 1 | 2 | 3 | 4 } | { kind: 'year'; year: number };

export type DuesLinkClaims =
  | { use: 'export'; unitId: string; period: DuesPeriod; by: string; exp: number }
  | { use: 'import'; unitId: string; by: string; linkId: string; exp: number };

type Use = DuesLinkClaims['use'];
const AUDIENCE: Readonly<Record<Use, string>> = { export: 'pioneer/dues-export', import: 'pioneer/dues-import' };

async function secret(config: Pick<Config, 'PIONEER_DATA_KEY'>): Promise<string> {
  const enc = new TextEncoder();
  const root = config.PIONEER_DATA_KEY ? base64ToBytes(config.PIONEER_DATA_KEY) : enc.encode(DEV_SECRET);
  const key = await crypto.subtle.importKey('raw', root, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const derived = new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(KEY_LABEL)));
  return [...derived].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A token for `claims` (exp in epoch ms). */
export async function signDuesLink(config: Pick<Config, 'PIONEER_DATA_KEY'>, claims: DuesLinkClaims): Promise<string> {
  return sign({ ...claims, aud: AUDIENCE[claims.use] }, await secret(config), 'HS256');
}

export type DuesLinkCheck<U extends Use> =
  { ok: true; claims: Extract<DuesLinkClaims, { use: U }> } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks the signature and the audience first (a forged expiry is 'invalid'), then the expiry. */
export async function verifyDuesLink<U extends Use>(
  config: Pick<Config, 'PIONEER_DATA_KEY'>,
  use: U,
  token: string,
  now: Date,
): Promise<DuesLinkCheck<U>> {
  let payload: Record<string, unknown>;
  try {
    payload = await verify(token, await secret(config), {
      alg: 'HS256',
      aud: AUDIENCE[use],
      exp: false,
      nbf: false,
      iat: false,
    });
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (payload.use !== use || typeof payload.exp !== 'number' || typeof payload.unitId !== 'string')
    return { ok: false, reason: 'invalid' };
  if (payload.exp <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims: payload as unknown as Extract<DuesLinkClaims, { use: U }> };
}

const base = (config: Pick<Config, 'PUBLIC_URL'>) => config.PUBLIC_URL.replace(/\/+$/, '');

/** The two download links of an export (XLSX ledger, DOCX notice), valid EXPORT_LINK_TTL_HOURS. */
export async function duesExportLinks(
  config: Pick<Config, 'PIONEER_DATA_KEY' | 'PUBLIC_URL' | 'EXPORT_LINK_TTL_HOURS'>,
  unitId: string,
  period: DuesPeriod,
  by: string,
  now: Date,
): Promise<{ xlsx: string; docx: string; expiresAt: Date }> {
  const expiresAt = new Date(now.getTime() + config.EXPORT_LINK_TTL_HOURS * 3_600_000);
  const token = await signDuesLink(config, { use: 'export', unitId, period, by, exp: expiresAt.getTime() });
  const url = `${base(config)}/dues/exports/${token}`;
  return { xlsx: `${url}.xlsx`, docx: `${url}.docx`, expiresAt };
}

/** A one-time upload page for a unit's bases, for the officer `by` (a member id). */
export async function duesImportLink(
  config: Pick<Config, 'PIONEER_DATA_KEY' | 'PUBLIC_URL'>,
  unitId: string,
  by: string,
  now: Date,
): Promise<{ url: string; expiresAt: Date }> {
  const expiresAt = new Date(now.getTime() + DUES_IMPORT_LINK_TTL_MIN * 60_000);
  const linkId = crypto.randomUUID();
  const token = await signDuesLink(config, { use: 'import', unitId, by, linkId, exp: expiresAt.getTime() });
  return { url: `${base(config)}/dues/import/${token}`, expiresAt };
}

/** The months a period covers. */
export function periodMonths(p: DuesPeriod): { from: Month; to: Month } {
  if (p.kind === 'year') return { from: p.year * 100 + 1, to: p.year * 100 + 12 };
  const first = p.year * 100 + (p.quarter - 1) * 3 + 1;
  return { from: first, to: first + 2 };
}
