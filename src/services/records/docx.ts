// The meeting record as a Word document shaped like the record book (会议记录本): the header
// fields, 应到/实到/请假/缺席 with names and reasons, 列席, the content by section, the photos, and
// the two signature lines (the 主持人's confirmation and the 记录人's). Built with the `docx`
// package; a document, so its words are here where it is built (docs/architecture.md).
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { FileStore } from '../../contracts/files.js';
import { formatDateTimeISO, zonedParts } from '../../contracts/time.js';
import { TYPE_HEADING } from '../meetings/export-files.js';
import type { MeetingFile } from './photos.js';
import type { MeetingRecord } from './record.js';

/** Largest original photo embedded when it has no thumbnail (Workers make none). */
export const DOCX_ORIGINAL_MAX_BYTES = 3 * 1024 * 1024;
/** The box a photo is fitted into on the page, in pixels at 96 dpi (about 14 × 10.5 cm). */
const PHOTO_BOX = { width: 530, height: 400 };

const day = (ms: number, zone: string) => {
  const p = zonedParts(new Date(ms), zone);
  return `${p.year}年${p.month}月${p.day}日`;
};
const short = (ms: number, zone: string) => {
  const p = zonedParts(new Date(ms), zone);
  return `${p.month}月${p.day}日`;
};
const list = (xs: string[]) => (xs.length ? xs.join('、') : '无');

/** The photo bytes the document shows, with their kind for Word. */
interface Embedded {
  file: MeetingFile;
  data: Uint8Array;
  type: 'jpg' | 'png' | 'gif';
}

const WORD_TYPE: ReadonlyMap<string, Embedded['type']> = new Map([
  ['image/jpeg', 'jpg'],
  ['image/png', 'png'],
  ['image/gif', 'gif'],
]);

/** The thumbnail of each photo, or the original when it has none and is small enough. */
async function photosOf(
  files: readonly MeetingFile[],
  store: FileStore | undefined,
): Promise<(Embedded | MeetingFile)[]> {
  const out: (Embedded | MeetingFile)[] = [];
  for (const f of files) {
    if (f.kind !== 'image' || !store) {
      out.push(f);
      continue;
    }
    const thumb = f.thumbKey ? await store.get(f.thumbKey) : null;
    const original = !thumb && f.bytes <= DOCX_ORIGINAL_MAX_BYTES ? await store.get(f.fileKey) : null;
    const data = thumb ?? original;
    const type = thumb ? 'jpg' : WORD_TYPE.get(f.mime);
    out.push(data && type ? { file: f, data, type } : f);
  }
  return out;
}

function fit(f: MeetingFile): { width: number; height: number } {
  const w = f.width ?? PHOTO_BOX.width;
  const h = f.height ?? PHOTO_BOX.height;
  const scale = Math.min(1, PHOTO_BOX.width / w, PHOTO_BOX.height / h);
  return { width: Math.round(w * scale), height: Math.round(h * scale) };
}

const cell = (text: string, bold = false, width?: number) =>
  new TableCell({
    ...(width ? { width: { size: width, type: WidthType.PERCENTAGE } } : {}),
    children: text.split('\n').map((line) => new Paragraph({ children: [new TextRun({ text: line, bold })] })),
  });

/** The header table of the record book: one field a row. */
function headerTable(r: MeetingRecord): Table {
  const m = r.meeting;
  const roll = r.roll;
  const reason = (name: string, why: string | null) => (why ? `${name}（${why}）` : name);
  const fields: [string, string][] = [
    ['会议名称', `${TYPE_HEADING[m.type]}${m.title && m.title !== TYPE_HEADING[m.type] ? `：${m.title}` : ''}`],
    ['组织', r.unitName],
    ['时间', formatDateTimeISO(new Date(m.startsAt), r.zone)],
    ['地点', m.place ?? ''],
    ['主持人', r.host ?? ''],
    ['记录人', r.recorder ?? ''],
    // A 党课 always has the line (blank until named); other meetings only when a speaker was named.
    ...(m.type === 'lecture' || r.speaker ? [['主讲人', r.speaker ?? ''] as [string, string]] : []),
    ['应到', `${roll.expected.length} 人（正式党员 ${roll.formal} 人，预备党员 ${roll.probationary} 人）`],
    ['实到', `${roll.present.length} 人：${list(roll.present.map((a) => a.name))}`],
    ['请假', `${roll.leave.length} 人：${list(roll.leave.map((a) => reason(a.name, a.row.reason)))}`],
    roll.ended
      ? ['缺席', `${roll.absent.length} 人：${list(roll.absent.map((a) => reason(a.name, a.reason)))}`]
      : ['未签到', `${roll.notYet.length} 人：${list(roll.notYet.map((a) => a.name))}（会议尚未结束）`],
    ['迟到', list(roll.late.map((a) => a.name))],
    ['列席', list(roll.guests.map((a) => a.name))],
  ];
  if (roll.quorum) {
    const q = roll.quorum;
    const verdict = q.ok === null ? '会议结束后判断' : q.ok ? '超过半数' : '不足半数';
    fields.push(['法定人数', `到会正式党员 ${q.formalPresent}/${q.formalExpected}，${verdict}`]);
  }
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: fields.map(([k, v]) => new TableRow({ children: [cell(k, true, 18), cell(v, false, 82)] })),
  });
}

function contentParagraphs(r: MeetingRecord): Paragraph[] {
  const out = [new Paragraph({ text: '会议内容', heading: HeadingLevel.HEADING_2 })];
  if (r.sections.length === 0) out.push(new Paragraph({ text: '（尚未记录纪要）' }));
  for (const s of r.sections) {
    if (s.heading) out.push(new Paragraph({ text: s.heading, heading: HeadingLevel.HEADING_3 }));
    for (const line of s.text.split('\n')) out.push(new Paragraph({ text: line }));
  }
  return out;
}

function photoParagraphs(r: MeetingRecord, photos: (Embedded | MeetingFile)[], who: Map<string, string>): Paragraph[] {
  const out = [new Paragraph({ text: '会议照片及附件', heading: HeadingLevel.HEADING_2 })];
  if (photos.length === 0) out.push(new Paragraph({ text: '无' }));
  photos.forEach((p, i) => {
    const f = 'data' in p ? p.file : p;
    const by = (f.byMemberId && who.get(f.byMemberId)) || f.byIdentity.split(':').slice(1).join(':');
    const when = formatDateTimeISO(new Date(f.sentAt), r.zone);
    const caption = `${f.kind === 'image' ? '照片' : '附件'} ${i + 1}：${f.name ? `${f.name}，` : ''}${by} ${when}`;
    if ('data' in p) {
      const image = new ImageRun({ type: p.type, data: p.data, transformation: fit(f) });
      out.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [image] }));
    }
    out.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: caption, size: 18 })] }));
  });
  return out;
}

/** The two signature lines: the confirmation stands for the 主持人's signature. */
function signatureParagraphs(r: MeetingRecord): Paragraph[] {
  const c = r.minutes.confirmation;
  const v = r.minutes.current;
  const host =
    c && r.confirmedBy
      ? `主持人：${r.confirmedBy} 于 ${short(c.at, r.zone)} 确认`
      : `主持人（签字）：________（纪要未经主持人确认）`;
  const recorder = v
    ? `记录人：${r.author ?? r.recorder ?? ''} 于 ${short(v.createdAt, r.zone)} 记录（纪要第 ${v.version} 版）`
    : '记录人（签字）：________';
  const line = (text: string) =>
    new Paragraph({
      spacing: { before: 240 },
      border: { top: { style: BorderStyle.NONE, size: 0, color: 'auto' } },
      children: [new TextRun({ text })],
    });
  return [line(host), line(recorder)];
}

/** The .docx of one meeting's record. `who` names the people who sent photos, by member id. */
export async function recordDocx(
  r: MeetingRecord,
  store: FileStore | undefined,
  who: Map<string, string>,
): Promise<Uint8Array> {
  const photos = await photosOf(r.files, store);
  const doc = new Document({
    creator: '先锋助手',
    title: `${r.unitName} 会议记录 #${r.meeting.id}`,
    styles: { default: { document: { run: { font: 'SimSun', size: 24 } } } },
    sections: [
      {
        children: [
          new Paragraph({
            text: `${r.unitName} 会议记录`,
            heading: HeadingLevel.HEADING_1,
            alignment: AlignmentType.CENTER,
          }),
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            children: [new TextRun({ text: `编号 #${r.meeting.id}　${day(r.meeting.startsAt, r.zone)}`, size: 18 })],
          }),
          headerTable(r),
          ...contentParagraphs(r),
          ...photoParagraphs(r, photos, who),
          ...signatureParagraphs(r),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}

/** The file name of a meeting's record, without extension (may contain Chinese). */
export function recordTitle(r: Pick<MeetingRecord, 'meeting' | 'zone'>): string {
  const m = r.meeting;
  return `会议${m.id}-${TYPE_HEADING[m.type]}-${formatDateTimeISO(new Date(m.startsAt), r.zone).slice(0, 10)}-记录`;
}
