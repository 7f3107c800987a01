import type { Hono } from 'hono';
import type { CommandDeps as CoreDeps } from '../command/context.js';
import { auditLog } from '../db/schema.js';
import { meetingBook, quarterBook, toCsv, toXlsx, type ExportBook } from '../services/meetings/export-files.js';
import { verifyExportToken, type ExportClaims } from '../services/meetings/exports.js';
import { loadMeeting } from '../services/meetings/meetings.js';
import { UnitTree } from '../services/org/units.js';
import { recordDownload } from './record-files.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Builds the file a verified link names, or null when what it names is gone. */
async function build(
  deps: CoreDeps,
  claims: ExportClaims,
  now: Date,
): Promise<{ book: ExportBook; unitId: string } | null> {
  const db = deps.store.db;
  const tree = await UnitTree.load(db);
  const t = claims.target;
  if (t.kind === 'meeting') {
    const m = await loadMeeting(db, t.meetingId);
    return m ? { book: await meetingBook(db, tree, m, now), unitId: m.unitId } : null;
  }
  if (!tree.get(t.unitId)) return null;
  return { book: await quarterBook(db, tree, t.unitId, t.year, t.quarter, now), unitId: t.unitId };
}

/**
 * GET /exports/<token>.csv|.xlsx: the attendance files behind 导出's signed links. A bad signature
 * is 403, an expired link 410; files are never cached and every download is audited.
 */
export function exportRoutes(app: Hono, deps: CoreDeps): void {
  app.get('/exports/:file', async (c) => {
    const file = c.req.param('file');
    const m = /^([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\.(csv|xlsx|docx|zip)$/.exec(file);
    // The token is in the URL: never cached, never sent on as a referrer, never framed or run.
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; sandbox");
    c.header('X-Frame-Options', 'DENY');
    if (!m) return c.json({ error: 'invalid link' }, 403);
    const now = deps.clock.now();
    const verified = await verifyExportToken(deps.config, m[1]!, now);
    if (!verified.ok)
      return verified.reason === 'expired'
        ? c.json({ error: 'link expired' }, 410)
        : c.json({ error: 'invalid link' }, 403);
    if (m[2] === 'docx' || m[2] === 'zip') return recordDownload(c, deps, verified.claims, m[2], now);
    const built = await build(deps, verified.claims, now);
    if (!built) return c.json({ error: 'not found' }, 404);
    const ext = m[2] as 'csv' | 'xlsx';
    await deps.store.batch([
      deps.store.db.insert(auditLog).values({
        at: now.getTime(),
        actorMemberId: verified.claims.by.includes(':') ? null : verified.claims.by,
        actor: `link:${verified.claims.by}`,
        action: 'export.download',
        unitId: built.unitId,
        target: JSON.stringify(verified.claims.target),
        detail: JSON.stringify({ format: ext }),
      }),
    ]);
    const ascii = built.book.title.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'export';
    c.header(
      'Content-Disposition',
      `attachment; filename="${ascii}.${ext}"; filename*=UTF-8''${encodeURIComponent(built.book.title)}.${ext}`,
    );
    if (ext === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      return c.body(toCsv(built.book));
    }
    c.header('Content-Type', XLSX_TYPE);
    return c.body((await toXlsx(built.book)) as Uint8Array<ArrayBuffer>);
  });
}
