import { and, asc, count, eq } from 'drizzle-orm';
import type { Config } from '../../contracts/config/index.js';
import { DomainError } from '../../contracts/errors.js';
import { FileTooLargeError, type AttachmentSource, type FileStore, type Thumbnailer } from '../../contracts/files.js';
import { actorIdentity, type ActorRef } from '../../contracts/identity.js';
import type { Logger } from '../../contracts/log.js';
import type { Attachment } from '../../contracts/message.js';
import type { Db } from '../../contracts/store.js';
import { newId, type Work } from '../../contracts/work.js';
import { meetingFiles } from '../../db/schema.js';
import { latestOpenedMeeting, windowOf, type Meeting } from '../meetings/meetings.js';
import type { UnitTree } from '../org/units.js';
import { recordsError } from './errors.js';
import { checkFileType, imageDimensions, sha256Hex } from './file-check.js';

/** D1's largest row (and BLOB), in bytes: why Workers keep no photos without R2. */
export const D1_MAX_ROW_BYTES = 2_000_000;

export type MeetingFile = typeof meetingFiles.$inferSelect;

/** What keeping files needs of the core: the limits, the store, the thumbnailer, the log. */
export interface FileDeps {
  config: Pick<
    Config,
    'RECORD_FILE_MAX_BYTES' | 'RECORD_FILES_PER_MEETING' | 'RECORD_THUMB_MAX_PX' | 'RECORD_PHOTO_AFTER_START_MIN'
  >;
  files?: FileStore;
  thumbnails?: Thumbnailer;
  log: Logger;
}

/** Where the files came from: the message, its sender and its time. */
export interface FileOrigin {
  platform: string;
  messageId: string;
  actor: ActorRef;
  sentAt: Date;
}

/** Per attachment of a message: kept (or kept before, by a repeat of the message), or refused. */
export type FileOutcome = { ok: true; file: MeetingFile; again: boolean } | { ok: false; error: DomainError };

/** When photos posted in the bound group belong to a meeting: check-in opening to well after the start. */
export function photoWindow(m: Meeting, afterStartMin: number): { from: number; to: number } {
  const w = windowOf(m);
  return { from: w.opensAt.getTime(), to: Math.max(w.closesAt.getTime(), m.startsAt + afterStartMin * 60_000) };
}

/** The moment a message counts as sent: the platform's time, never later than now. */
export function sentMoment(sentAt: string | undefined, now: Date): Date {
  const t = sentAt ? Date.parse(sentAt) : NaN;
  return Number.isFinite(t) && t <= now.getTime() ? new Date(t) : now;
}

/** The meeting whose photo window holds `at`, for a group bound to `unitId`, or null. */
export async function meetingForGroupPhoto(
  db: Db,
  tree: UnitTree,
  unitId: string,
  at: Date,
  afterStartMin: number,
): Promise<Meeting | null> {
  const m = await latestOpenedMeeting(db, tree, unitId, at);
  if (!m) return null;
  const w = photoWindow(m, afterStartMin);
  return at.getTime() >= w.from && at.getTime() <= w.to ? m : null;
}

/** A meeting's files, oldest first. */
export function filesOf(db: Db, meetingId: number): Promise<MeetingFile[]> {
  return db
    .select()
    .from(meetingFiles)
    .where(eq(meetingFiles.meetingId, meetingId))
    .orderBy(asc(meetingFiles.sentAt), asc(meetingFiles.position));
}

async function keptBefore(db: Db, o: FileOrigin, position: number): Promise<MeetingFile | null> {
  const rows = await db
    .select()
    .from(meetingFiles)
    .where(
      and(
        eq(meetingFiles.platform, o.platform),
        eq(meetingFiles.messageId, o.messageId),
        eq(meetingFiles.position, position),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Keeps a message's attachments for meeting `m`: each is fetched through the adapter that
 * received the message, checked (size, type from its bytes), stored under its SHA-256 with a
 * thumbnail, and recorded with the rest of the message's writes. One bad file does not cost the
 * others. Bytes are stored before the row commits; a row whose commit fails leaves only an
 * unreferenced file under its hash (the same bytes sent again reuse it).
 */
export async function keepFiles(
  work: Work,
  deps: FileDeps,
  m: Meeting,
  list: readonly Attachment[],
  source: AttachmentSource | undefined,
  origin: FileOrigin,
): Promise<FileOutcome[]> {
  const { config, files: store } = deps;
  const max = config.RECORD_FILE_MAX_BYTES;
  if (!store) throw recordsError('records.files_unavailable', { d1RowBytes: D1_MAX_ROW_BYTES, maxBytes: max });
  const [{ n }] = (await work.db.select({ n: count() }).from(meetingFiles).where(eq(meetingFiles.meetingId, m.id))) as [
    { n: number },
  ];
  let room = config.RECORD_FILES_PER_MEETING - n;
  const out: FileOutcome[] = [];
  for (const [position, a] of list.entries()) {
    const before = await keptBefore(work.db, origin, position);
    if (before) {
      out.push({ ok: true, file: before, again: true });
      continue;
    }
    try {
      if (room <= 0) throw recordsError('records.too_many_files', { id: m.id, max: config.RECORD_FILES_PER_MEETING });
      const file = await keepOne(work, deps, store, m, a, source, origin, position);
      room--;
      out.push({ ok: true, file, again: false });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      out.push({ ok: false, error: err });
    }
  }
  return out;
}

async function keepOne(
  work: Work,
  deps: FileDeps,
  store: FileStore,
  m: Meeting,
  a: Attachment,
  source: AttachmentSource | undefined,
  origin: FileOrigin,
  position: number,
): Promise<MeetingFile> {
  const max = deps.config.RECORD_FILE_MAX_BYTES;
  const name = a.name?.trim() || null;
  if (a.size !== undefined && a.size > max) throw recordsError('records.file_too_large', { name, maxBytes: max });
  if (!source) throw recordsError('records.file_unreachable', { name });
  let fetched;
  try {
    fetched = await source.fetch(a, max);
  } catch (err) {
    if (err instanceof FileTooLargeError) throw recordsError('records.file_too_large', { name, maxBytes: max });
    deps.log.warn('attachment fetch failed', { platform: origin.platform, messageId: origin.messageId, err });
    throw recordsError('records.file_unreachable', { name });
  }
  const bytes = fetched.bytes;
  if (bytes.byteLength > max) throw recordsError('records.file_too_large', { name, maxBytes: max });
  const fileName = name ?? fetched.name?.trim() ?? null;
  const type = await checkFileType(bytes, { kind: a.kind, name: fileName });
  const sha = await sha256Hex(bytes);
  const fileKey = `files/${sha}.${type.ext}`;
  await store.put(fileKey, bytes, type.mime);
  const size = type.kind === 'image' ? imageDimensions(bytes) : null;
  const thumb = type.kind === 'image' ? await thumbnailOf(deps, store, bytes, sha) : null;
  const row: MeetingFile = {
    id: newId(),
    meetingId: m.id,
    kind: type.kind,
    mime: type.mime,
    name: fileName,
    bytes: bytes.byteLength,
    sha256: sha,
    fileKey,
    thumbKey: thumb?.key ?? null,
    width: size?.width ?? null,
    height: size?.height ?? null,
    platform: origin.platform,
    messageId: origin.messageId,
    position,
    byMemberId: origin.actor.memberId,
    byIdentity: actorIdentity(origin.actor),
    sentAt: origin.sentAt.getTime(),
    createdAt: work.now.getTime(),
  };
  work.write(work.db.insert(meetingFiles).values(row));
  return row;
}

/** A thumbnail stored beside the photo, or null (none made here, or the image could not be read). */
async function thumbnailOf(
  deps: FileDeps,
  store: FileStore,
  bytes: Uint8Array,
  sha: string,
): Promise<{ key: string } | null> {
  if (!deps.thumbnails) return null;
  const px = deps.config.RECORD_THUMB_MAX_PX;
  try {
    const t = await deps.thumbnails.thumbnail(bytes, px);
    if (!t) return null;
    const key = `thumbs/${sha}-${px}.jpg`;
    await store.put(key, t.bytes, 'image/jpeg');
    return { key };
  } catch (err) {
    deps.log.warn('thumbnail failed', { sha, err });
    return null;
  }
}
