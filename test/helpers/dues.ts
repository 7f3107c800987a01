import mammoth from 'mammoth';
import { setupBranch, type SendInput, type TestCore } from './core.js';
import { addMember } from './meetings.js';

/** Bases used in the 党费 scenarios: distinctive, so a scan of the database cannot hit them by chance. */
export const BASES = { 张三: '6234.56', 赵大爷: '4321.09', 李四: '2876.54' } as const;
/** The forms a base could be stored in as plaintext: as typed ("6234.56") and in fen ("623456"). */
export const BASE_FORMS = Object.values(BASES).flatMap((b) => [b, b.replace('.', '')]);

/**
 * People of 第一支部 (bound to g1): 王书记 (sec), 李委员 (com), 张三 u1, 李四 u2 (预备), 赵大爷 u3, 王五 u4,
 * and 钱积极 a1 (积极分子, owes no dues).
 */
export const PEOPLE = {
  sec: '王书记',
  com: '李委员',
  u1: '张三',
  u2: '李四',
  u3: '赵大爷',
  u4: '王五',
  a1: '钱积极',
} as const;

export async function setupDues(t: TestCore): Promise<void> {
  await setupBranch(t);
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'com', name: '李委员', unit: '第一支部', title: '委员' });
  await addMember(t, { userId: 'u1', name: '张三', unit: '第一支部' });
  await addMember(t, { userId: 'u2', name: '李四', unit: '第一支部', title: '预备党员' });
  await addMember(t, { userId: 'u3', name: '赵大爷', unit: '第一支部' });
  await addMember(t, { userId: 'u4', name: '王五', unit: '第一支部' });
  await addMember(t, { userId: 'a1', name: '钱积极', unit: '第一支部', title: '积极分子' });
}

/** A message that @-mentions one of PEOPLE by their user id ("@张三" in the text). */
export function at(from: string, text: string, who: keyof typeof PEOPLE, chat?: string): SendInput {
  return { from, text, mentions: [{ id: who, name: PEOPLE[who] }], ...(chat ? { chat } : {}) };
}

/** The link in a reply ("http://…/dues/…"), as a path for app.request. */
export function linkPath(text: string, ext?: 'xlsx' | 'docx'): string {
  const re = ext ? new RegExp(`https?://[^\\s]+/dues/[^\\s]+\\.${ext}`) : /https?:\/\/[^\s]+\/dues\/[^\s]+/;
  const m = re.exec(text);
  if (!m) throw new Error(`no link in: ${text}`);
  return new URL(m[0]).pathname;
}

/** The text of a .docx, as mammoth reads it. */
export async function docxText(bytes: ArrayBuffer): Promise<string> {
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
  return value;
}

/** An XLSX of the given rows (the first is the header), as an officer would upload it. */
export async function xlsxOf(rows: (string | number | Date)[][]): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党费基数');
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
