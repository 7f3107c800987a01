import type { Context } from 'hono';
import type { CommandDeps as CoreDeps } from '../command/context.js';
import { auditLog } from '../db/schema.js';
import type { ExportClaims } from '../services/meetings/exports.js';
import { loadMeeting } from '../services/meetings/meetings.js';
import { UnitTree } from '../services/org/units.js';
import { meetingRecordFile, quarterRecordsZip, type RecordFile } from '../services/records/bundle.js';

const TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  zip: 'application/zip',
} as const;

/**
 * The record-book files behind 导出's signed links (src/http/exports.ts checked the link and set
 * the headers): a meeting's .docx, a quarter's .zip of them. A link names what it names: a
 * meeting link gives no .zip, a quarter link no .docx. Audited like the other downloads.
 */
export async function recordDownload(
  c: Context,
  deps: CoreDeps,
  claims: ExportClaims,
  ext: 'docx' | 'zip',
  now: Date,
): Promise<Response> {
  const db = deps.store.db;
  const tree = await UnitTree.load(db);
  const t = claims.target;
  let file: RecordFile | null = null;
  let unitId: string | null = null;
  if (t.kind === 'meeting' && ext === 'docx') {
    const m = await loadMeeting(db, t.meetingId);
    if (m) [file, unitId] = [await meetingRecordFile(db, tree, m, now, deps.files), m.unitId];
  } else if (t.kind === 'quarter' && ext === 'zip' && tree.get(t.unitId)) {
    file = await quarterRecordsZip(db, tree, t.unitId, t.year, t.quarter, now, deps.files);
    unitId = t.unitId;
  }
  if (!file) return c.json({ error: 'not found' }, 404);
  await deps.store.batch([
    db.insert(auditLog).values({
      at: now.getTime(),
      actorMemberId: claims.by.includes(':') ? null : claims.by,
      actor: `link:${claims.by}`,
      action: 'export.download',
      unitId,
      target: JSON.stringify(t),
      detail: JSON.stringify({ format: ext }),
    }),
  ]);
  const ascii = file.title.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'record';
  c.header(
    'Content-Disposition',
    `attachment; filename="${ascii}.${ext}"; filename*=UTF-8''${encodeURIComponent(file.title)}.${ext}`,
  );
  c.header('Content-Type', TYPES[ext]);
  return c.body(file.bytes as Uint8Array<ArrayBuffer>);
}
