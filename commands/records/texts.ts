import type { ErrorTexts } from '../../src/command/define.js';
import { formatTime, zonedParts } from '../../src/contracts/time.js';
import type { RecordsErrors } from '../../src/services/records/errors.js';
import type { MeetingFile } from '../../src/services/records/photos.js';
import type { MinutesSection } from '../../src/services/records/sections.js';
import type { MeetingRef } from '../../src/services/meetings/types.js';
import { meetingLabel } from '../meetings/texts.js';

// Every word of the record book's commands (纪要, 照片, 确认纪要) that people read.

const at = (ms: number, zone: string) => formatTime(new Date(ms), zone);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;
const named = (name: string | null) => (name ? `「${name.slice(0, 40)}」` : '');

/** "12月9日" in the unit's zone. */
export function dayOf(ms: number, zone: string): string {
  const p = zonedParts(new Date(ms), zone);
  return `${p.month}月${p.day}日`;
}

/** 「主持人 王书记 于 12月9日 确认」: the signature line of the record. */
export const confirmationLine = (host: string, atMs: number, zone: string): string =>
  `主持人 ${host} 于 ${dayOf(atMs, zone)} 确认`;

export const recordsErrorTexts: ErrorTexts<RecordsErrors> = {
  'records.not_recorder': ({ id }) => `只有会议 #${id} 的记录人、主持人或本组织的书记、委员可以记录。`,
  'records.meeting_cancelled': ({ id }) => `会议 #${id} 已取消，不需要记录。`,
  'records.not_started': ({ id, opensAt, zone }) => `会议 #${id} 还没开始，${at(opensAt, zone)} 签到开始后才能记录。`,
  'records.minutes_too_long': ({ id, max }) => `会议 #${id} 的纪要最多 ${max} 个字，这一条没有记下。请精简后再发。`,
  'records.draft_empty': ({ id }) => `还没有写纪要内容。请先发送会议 #${id} 的纪要，再发送「完成」。`,
  'records.no_minutes': ({ id }) => `会议 #${id} 还没有纪要。记录人发送「纪要 ${id}」记录后才能确认。`,
  'records.version_changed': ({ id, version }) =>
    `会议 #${id} 的纪要已更新为第 ${version} 版，请查看新的私信后再确认（或发送「确认纪要 ${id}」）。`,
  'records.no_host': ({ id }) => `会议 #${id} 还没有主持人。请先设置：会议设置 ${id} 主持人 @某人`,
  'records.not_host': ({ id, host }) => `只有会议 #${id} 的主持人${host ? ` ${host}` : ''}可以确认纪要。`,
  'records.already_confirmed': ({ id, version, at: when, zone }) =>
    `会议 #${id} 的纪要（第 ${version} 版）已于 ${dayOf(when, zone)} 确认，无需重复确认。`,
  'records.files_unavailable': ({ d1RowBytes, maxBytes }) =>
    `这里不能保存照片：没有配置文件存储（R2），而数据库（D1）每行最多 ${mb(d1RowBytes)}，照片最大可到 ${mb(maxBytes)}。` +
    '请管理员在 wrangler.toml 配置 R2 绑定 RECORDS_BUCKET。',
  'records.file_too_large': ({ name, maxBytes }) => `文件${named(name)}超过 ${mb(maxBytes)}，没有保存。`,
  'records.file_type': ({ name, detected, image }) =>
    `文件${named(name)}${detected ? `实际是 ${detected} 格式，` : '无法识别格式，'}` +
    `${image ? '不是照片' : '不是照片或 PDF'}（只收 JPEG、PNG、GIF 照片和 PDF，扩展名须与内容一致），没有保存。`,
  'records.file_unreachable': ({ name }) => `文件${named(name)}取不到（平台没有提供文件内容），没有保存，请重新发送。`,
  'records.too_many_files': ({ id, max }) => `会议 #${id} 最多保存 ${max} 个照片和文件，这个没有保存。`,
  'records.no_photo_meeting': () => '要把照片存入会议记录，请先发送「照片 <编号>」，再发送照片。',
};

/** Minutes as the chat shows them: one block per section. */
export function sectionsText(sections: readonly MinutesSection[]): string {
  if (sections.length === 0) return '（无内容）';
  return sections.map((s) => (s.heading ? `【${s.heading}】${s.text ? `\n${s.text}` : ''}` : s.text)).join('\n');
}

/** "议题 1 段、发言 2 段、其他 1 段" */
export function countsText(sections: readonly MinutesSection[]): string {
  const counts = new Map<string, number>();
  for (const s of sections) counts.set(s.heading ?? '其他', (counts.get(s.heading ?? '其他') ?? 0) + 1);
  return [...counts].map(([h, n]) => `${h} ${n} 段`).join('、');
}

export const MINUTES_TEXT = {
  opened: (m: MeetingRef, zone: string, rewrite: boolean) =>
    `开始记录 ${meetingLabel(m, zone)} 的纪要${rewrite ? '（重写：完成后替换现有纪要，旧版本保留）' : ''}。\n` +
    '请发送纪要内容，可分多条发；用「议题：」「发言：」「决议：」开头的一行分段。全部发完后发送「完成」。',
  current: (version: number, text: string) => `现有纪要（第 ${version} 版）：\n${text}`,
  draft: (text: string) => `未完成的草稿（已保存）：\n${text}`,
  added: (id: number, counts: string) => `已记下（会议 #${id} 草稿：${counts}）。继续发送，或发送「完成」。`,
  saved: (id: number, version: number, counts: string) => `会议 #${id} 的纪要第 ${version} 版已保存（${counts}）。`,
  sentToHost: (host: string) => `已私信主持人 ${host} 确认。`,
  noHost: (id: number) => `会议还没有主持人，设置后（会议设置 ${id} 主持人 @某人）由主持人发送「确认纪要 ${id}」。`,
  hostUnreachable: (host: string, id: number) => `主持人 ${host} 还没有可私信的账号，请转告其发送「确认纪要 ${id}」。`,
  cancelled: (id: number) => `已退出纪要记录，草稿已保存。发送「纪要 ${id}」继续。`,
  toHost: (m: MeetingRef, zone: string, version: number, author: string, text: string) =>
    `【纪要待确认】${meetingLabel(m, zone)}\n${author} 记录的纪要（第 ${version} 版）：\n${text}\n\n` +
    `核对无误请回复「确认纪要 ${m.id}」。`,
  /** The button of the card the 主持人 receives (Feishu). */
  confirmButton: '确认',
};

export const CONFIRM_TEXT = {
  done: (id: number, version: number, line: string) =>
    `已确认会议 #${id} 的纪要（第 ${version} 版）。记录显示：${line}。`,
};

/** One kept file in a list: "1. 照片 张三 12月9日(周三) 15:10 1.2 MB" */
function fileLine(f: MeetingFile, i: number, who: string, zone: string): string {
  const what = f.kind === 'image' ? '照片' : `文件${named(f.name)}`;
  return `${i + 1}. ${what} ${who} ${at(f.sentAt, zone)} ${mb(f.bytes)}`;
}

export const PHOTO_TEXT = {
  list: (m: MeetingRef, zone: string, files: readonly MeetingFile[], who: (f: MeetingFile) => string) =>
    files.length
      ? `${meetingLabel(m, zone)} 的照片和文件（${files.length} 个）：\n` +
        files.map((f, i) => fileLine(f, i, who(f), zone)).join('\n')
      : `${meetingLabel(m, zone)} 还没有照片。`,
  prompt: (id: number) =>
    `现在发送照片（JPEG、PNG、GIF）或 PDF，都会存入会议 #${id} 的记录；发送「完成」或「取消」结束。\n` +
    '会议期间在本组织绑定的群里发的照片也会自动存入。',
  kept: (id: number, n: number, again: number) =>
    n > 0
      ? `已存入会议 #${id} 的记录：${n} 个${again ? `（其中 ${again} 个之前已存）` : ''}。`
      : `会议 #${id} 的记录没有新增照片。`,
  notFile: (id: number) => `请发送照片或 PDF，会存入会议 #${id} 的记录；发送「完成」或「取消」结束。`,
  ended: (id: number) => `照片收集结束。发送「照片 ${id}」查看。`,
  groupRefused: (reasons: readonly string[]) => reasons.join('\n'),
};
