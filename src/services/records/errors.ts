import { errorFactory } from '../../contracts/errors.js';

/**
 * The refusals of the record book (纪要, 照片, 确认), by code; rendered by commands/records/texts.ts.
 * Sizes are bytes, instants epoch ms with the zone they are shown in.
 */
export interface RecordsErrors {
  /** Neither the meeting's 记录人 nor an officer of its unit. */
  'records.not_recorder': { id: number };
  'records.meeting_cancelled': { id: number };
  /** Minutes and photos are taken once the meeting's check-in has opened. */
  'records.not_started': { id: number; opensAt: number; zone: string };
  'records.minutes_too_long': { id: number; max: number };
  /** 完成 with nothing written since 纪要. */
  'records.draft_empty': { id: number };
  'records.no_minutes': { id: number };
  /** A 确认 button of an older version was pressed: the minutes changed since. */
  'records.version_changed': { id: number; version: number };
  'records.no_host': { id: number };
  /** Only the 主持人 confirms; `host` is their name. */
  'records.not_host': { id: number; host: string };
  'records.already_confirmed': { id: number; version: number; at: number; zone: string };
  /** This deployment keeps no files (Workers without an R2 binding). */
  'records.files_unavailable': { d1RowBytes: number; maxBytes: number };
  'records.file_too_large': { name: string | null; maxBytes: number };
  /** The bytes are not a photo (JPEG, PNG, GIF) or PDF, or not what the name or message says. */
  'records.file_type': { name: string | null; detected: string | null; image: boolean };
  /** The adapter could not fetch the file (or no adapter can: a gateway's message). */
  'records.file_unreachable': { name: string | null };
  'records.too_many_files': { id: number; max: number };
  /** Files sent in a direct chat with no 照片 <编号> open. */
  'records.no_photo_meeting': Record<string, never>;
}

export const recordsError = errorFactory<RecordsErrors>();
