import type { Context } from 'hono';
import { toXlsx } from '../../services/meetings/export-files.js';
import type { Table } from './tables.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Excel's limit on a sheet name, and the characters it refuses there. */
const SHEET_NAME_MAX = 31;
/** Files kept, and for how long: a 党委's thousand rows take exceljs tens of milliseconds to write. */
const MEMO_MAX = 16;
const MEMO_MS = 5 * 60_000;

// Files by their content's digest: a table downloaded again unchanged (the 党委's rows change
// every few minutes at most) is not written again. The key is the content, so nobody gets a file
// they could not have had written (the route checks who may see the table before it is built).
const memo = new Map<string, { at: number; bytes: Uint8Array }>();

async function digest(text: string): Promise<string> {
  const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function bytesOf(book: Parameters<typeof toXlsx>[0]): Promise<Uint8Array> {
  const key = await digest(JSON.stringify(book));
  const now = Date.now();
  const kept = memo.get(key);
  if (kept && now - kept.at < MEMO_MS) return kept.bytes;
  const bytes = await toXlsx(book);
  for (const [k, v] of memo) if (now - v.at >= MEMO_MS || memo.size >= MEMO_MAX) memo.delete(k);
  memo.set(key, { at: now, bytes });
  return bytes;
}

/** One table as an XLSX download (the same writer as 导出's files), never cached by the browser or framed. */
export async function xlsxResponse(c: Context, unitName: string, t: Table): Promise<Response> {
  const name = t.title.replace(/[[\]:*?/\\]/g, ' ').slice(0, SHEET_NAME_MAX);
  const bytes = await bytesOf({ title: t.title, sheets: [{ name, rows: [t.headers, ...t.rows] }] });
  const title = `${unitName}-${t.key}`;
  const ascii = title.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'dashboard';
  c.header('Content-Type', XLSX_TYPE);
  c.header(
    'Content-Disposition',
    `attachment; filename="${ascii}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${unitName}-${t.title}`)}.xlsx`,
  );
  c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; sandbox");
  return c.body(bytes as Uint8Array<ArrayBuffer>);
}
