import type { Context } from 'hono';
import { toXlsx } from '../../services/meetings/export-files.js';
import type { Table } from './tables.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Excel's limit on a sheet name, and the characters it refuses there. */
const SHEET_NAME_MAX = 31;

/** One table as an XLSX download (the same writer as 导出's files), never cached or framed. */
export async function xlsxResponse(c: Context, unitName: string, t: Table): Promise<Response> {
  const name = t.title.replace(/[[\]:*?/\\]/g, ' ').slice(0, SHEET_NAME_MAX);
  const bytes = await toXlsx({ title: t.title, sheets: [{ name, rows: [t.headers, ...t.rows] }] });
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
