// Signed, expiring download links for attendance exports (导出). The signing key is derived from
// PIONEER_DATA_KEY (required in production) with HMAC-SHA256 over a fixed label, so one secret is
// configured and rotating it invalidates every outstanding link. Outside production, when no data
// key is set (tests), a fixed development key is used. WebCrypto only, so it runs on Workers too.
import type { Config } from '../../contracts/config/index.js';
import { fromBase64 } from './checkin-code.js';

/** Label the export-link key is derived under. */
const KEY_LABEL = 'pioneer/export-links/v1';
/** Development-only fallback secret; production refuses to start without PIONEER_DATA_KEY. */
const DEV_SECRET = 'pioneer-development-export-links';

/**
 * What a link downloads: a meeting, a unit's quarter, the volunteer service records (服务导出) of a
 * unit and everything below it (`unitId` null: every unit, for an administrator) between two instants,
 * or a unit's roster (成员).
 */
export type ExportTarget =
  | { kind: 'meeting'; meetingId: number }
  | { kind: 'quarter'; unitId: string; year: number; quarter: 1 | 2 | 3 | 4 }
  | { kind: 'service'; unitId: string | null; start: number | null; end: number | null; label: string }
  /** 成员's full roster of a unit and everything below it (src/services/org/roster-export.ts). */
  | { kind: 'roster'; unitId: string };

export interface ExportClaims {
  target: ExportTarget;
  /** Expiry, epoch ms. */
  exp: number;
  /** Member (or platform:user) the link was issued to, for the audit log. */
  by: string;
}

export type VerifyResult = { ok: true; claims: ExportClaims } | { ok: false; reason: 'invalid' | 'expired' };

const enc = new TextEncoder();

async function signingKey(config: Config): Promise<CryptoKey> {
  const root = config.PIONEER_DATA_KEY ? fromBase64(config.PIONEER_DATA_KEY) : enc.encode(DEV_SECRET);
  const rootKey = await crypto.subtle.importKey('raw', root, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const derived = await crypto.subtle.sign('HMAC', rootKey, enc.encode(KEY_LABEL));
  return crypto.subtle.importKey('raw', derived, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

function b64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromB64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    return fromBase64(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  } catch {
    return null;
  }
}

/** A token "<payload>.<signature>" naming what may be downloaded until when. */
export async function signExportToken(config: Config, claims: ExportClaims): Promise<string> {
  const payload = b64url(enc.encode(JSON.stringify(claims)));
  const sig = await crypto.subtle.sign('HMAC', await signingKey(config), enc.encode(payload));
  return `${payload}.${b64url(new Uint8Array(sig))}`;
}

/** Checks the signature first (so a forged expiry is 'invalid'), then the expiry. */
export async function verifyExportToken(config: Config, token: string, now: Date): Promise<VerifyResult> {
  const [payload, sigText, extra] = token.split('.');
  if (!payload || !sigText || extra !== undefined) return { ok: false, reason: 'invalid' };
  const sig = fromB64url(sigText);
  if (!sig) return { ok: false, reason: 'invalid' };
  const valid = await crypto.subtle.verify('HMAC', await signingKey(config), sig, enc.encode(payload));
  if (!valid) return { ok: false, reason: 'invalid' };
  let claims: ExportClaims;
  try {
    claims = JSON.parse(new TextDecoder().decode(fromB64url(payload)!)) as ExportClaims;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (typeof claims.exp !== 'number' || !claims.target) return { ok: false, reason: 'invalid' };
  if (claims.exp <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/**
 * The download links for a target, valid for EXPORT_LINK_TTL_HOURS: CSV and XLSX, and the record
 * book (`records`: a meeting's .docx, or a quarter's .zip of them; src/http/record-files.ts).
 */
export async function exportLinks(
  config: Config,
  target: ExportTarget,
  by: string,
  now: Date,
): Promise<{ csv: string; xlsx: string; records: string; expiresAt: Date }> {
  const expiresAt = new Date(now.getTime() + config.EXPORT_LINK_TTL_HOURS * 3_600_000);
  const token = await signExportToken(config, { target, exp: expiresAt.getTime(), by });
  const base = `${config.PUBLIC_URL.replace(/\/+$/, '')}/exports/${token}`;
  const records = `${base}.${target.kind === 'meeting' ? 'docx' : 'zip'}`;
  return { csv: `${base}.csv`, xlsx: `${base}.xlsx`, records, expiresAt };
}
