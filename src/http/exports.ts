import type { Hono } from 'hono';
import type { CommandDeps as CoreDeps } from '../command/context.js';
import { auditLog } from '../db/schema.js';
import { meetingBook, quarterBook, toCsv, toXlsx, type ExportBook } from '../services/meetings/export-files.js';
import { holderMayDownload } from '../services/meetings/export-holder.js';
import { verifyExportToken, type ExportTarget } from '../services/meetings/exports.js';
import { loadMeeting } from '../services/meetings/meetings.js';
import { UnitTree } from '../services/org/units.js';
import { rosterBook } from '../services/org/roster-export.js';
import { serviceRecordsBook } from '../services/pairing/export.js';
import { recordDownload } from './record-files.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The units whose manager may download a verified link's file (one, or every top unit for a 服务导出
 * of all units), or null when what it names is gone.
 */
async function unitsOf(deps: CoreDeps, tree: UnitTree, target: ExportTarget): Promise<string[] | null> {
  if (target.kind !== 'meeting') {
    const { unitId } = target;
    if (unitId === null) return [...tree.byId.values()].filter((u) => !tree.get(u.parentId)).map((u) => u.id);
    return tree.get(unitId) ? [unitId] : null;
  }
  const unitId = (await loadMeeting(deps.store.db, target.meetingId))?.unitId;
  return unitId ? [unitId] : null;
}

/** Builds the file a link names (its unit checked to exist by unitsOf). */
async function build(deps: CoreDeps, tree: UnitTree, target: ExportTarget, now: Date): Promise<ExportBook | null> {
  const db = deps.store.db;
  if (target.kind === 'quarter') return quarterBook(db, tree, target.unitId, target.year, target.quarter, now);
  if (target.kind === 'service') return (await serviceBook(deps, tree, target)).book;
  if (target.kind === 'roster') return rosterBook(db, tree, target.unitId);
  const m = await loadMeeting(db, target.meetingId);
  return m ? meetingBook(db, tree, m, now) : null;
}

/** The 服务导出 file, read when it is downloaded (so it holds what is recorded then). */
function serviceBook(deps: CoreDeps, tree: UnitTree, target: Extract<ExportTarget, { kind: 'service' }>) {
  const top = tree.get(target.unitId);
  const unitIds = top ? tree.subtree(top.id).map((u) => u.id) : [...tree.byId.keys()];
  const period = {
    start: target.start === null ? null : new Date(target.start),
    end: target.end === null ? null : new Date(target.end),
  };
  const tz = top?.timeZone ?? deps.config.PIONEER_TZ;
  const title = `${top?.name ?? '全部组织'}-志愿服务记录-${target.label}`;
  return serviceRecordsBook(deps.store.db, tree, unitIds, period, tz, title);
}

/** Paths whose last segment is a credential (a signed link's token): never logged as is. */
const TOKEN_PREFIXES = ['/exports/', '/dues/exports/', '/dues/import/'] as const;

/** A request path fit for the logs: a signed link's token replaced (its file format kept). */
export function loggablePath(path: string): string {
  const prefix = TOKEN_PREFIXES.find((p) => path.startsWith(p));
  if (!prefix) return path;
  const ext = /\.(csv|xlsx|docx|zip)$/.exec(path)?.[0] ?? '';
  return `${prefix}[redacted]${ext}`;
}

/**
 * GET /exports/<token>.csv|.xlsx|.docx|.zip: the attendance files and records behind 导出's signed
 * links (and the service records of 服务导出 and the rosters of 成员, CSV and XLSX only). A bad
 * signature is 403, an expired link 410, a link whose holder no longer manages the unit 403; files
 * are never cached, and every download (and every refused holder) is audited.
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
    const { target, by } = verified.claims;
    const tree = await UnitTree.load(deps.store.db);
    const unitIds = await unitsOf(deps, tree, target);
    if (!unitIds?.length) return c.json({ error: 'not found' }, 404);
    const unitId = target.kind === 'service' ? target.unitId : unitIds[0]!;
    const ext = m[2] as 'csv' | 'xlsx' | 'docx' | 'zip';
    const audit = (action: string) =>
      deps.store.batch([
        deps.store.db.insert(auditLog).values({
          at: now.getTime(),
          actorMemberId: by.includes(':') ? null : by,
          actor: `link:${by}`,
          action,
          unitId,
          target: JSON.stringify(target),
          detail: JSON.stringify({ format: ext }),
        }),
      ]);
    // The link was issued to an officer of the unit; it works only while they still are one.
    const may = await Promise.all(unitIds.map((u) => holderMayDownload(deps.store.db, tree, deps.admins, by, u)));
    if (!may.every(Boolean)) {
      await audit('export.download_refused');
      return c.json({ error: 'the link was issued to someone who no longer manages this unit' }, 403);
    }
    // Records (.docx, the quarter's .zip) audit their own download, once built.
    if (ext === 'docx' || ext === 'zip') return recordDownload(c, deps, verified.claims, ext, now);
    const book = await build(deps, tree, target, now);
    if (!book) return c.json({ error: 'not found' }, 404);
    await audit('export.download');
    const ascii = book.title.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'export';
    c.header(
      'Content-Disposition',
      `attachment; filename="${ascii}.${ext}"; filename*=UTF-8''${encodeURIComponent(book.title)}.${ext}`,
    );
    if (ext === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      return c.body(toCsv(book));
    }
    c.header('Content-Type', XLSX_TYPE);
    return c.body((await toXlsx(book)) as Uint8Array<ArrayBuffer>);
  });
}
