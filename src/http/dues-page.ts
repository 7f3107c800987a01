// The upload page behind 党费导入's one-time link, and its result page. A web page is a document
// like the export files (docs/architecture.md "Documents … are built where the document is
// built"), so its words live here. No script, no style from elsewhere, nothing but the form.
import type { ImportProblem, ImportResult } from '../services/dues/import.js';

const PROBLEM: ReadonlyMap<ImportProblem, string> = new Map([
  ['not_xlsx', '文件不是 XLSX 表格'],
  ['no_header', '第一行没有「姓名」列'],
  ['empty', '表格里没有成员行'],
  ['too_many_rows', '行数太多（最多 500 行）'],
  ['name_missing', '缺少姓名'],
  ['duplicate_name', '姓名重复出现'],
  ['member_not_found', '本支部没有这个成员'],
  ['member_ambiguous', '本支部有同名成员，请在聊天里用「党费基数 @某人」单独设置'],
  ['not_party_member', '不是党员'],
  ['bad_base', '基数不对（应为大于 0 的金额，最多两位小数）'],
  ['bad_kind', '类别不对（在职、退休、学生、失业、低保、农民、固定）'],
  ['bad_month', '起始月份不对（如 2026-12）'],
  ['bad_fixed', '固定金额不对'],
]);

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string): string {
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)}</title></head>` +
    `<body><h1>${escape(title)}</h1>${body}</body></html>`
  );
}

/** The form: one XLSX file, posted back to the same link. */
export function uploadPage(unitName: string): string {
  return page(
    `「${unitName}」党费基数导入`,
    '<p>表格第一行为列名：姓名、基数、类别、起始月份、固定金额（后三列可不填）。</p>' +
      '<form method="post" enctype="multipart/form-data">' +
      '<input type="file" name="file" accept=".xlsx" required> <button type="submit">导入</button></form>' +
      '<p>链接只能用一次。基数加密保存，只有本人和本支部书记、委员能看到。</p>',
  );
}

/** What the import did, row by row when it refused. */
export function resultPage(unitName: string, result: ImportResult): string {
  if (result.ok)
    return page(
      `「${unitName}」党费基数已导入`,
      `<p>已导入 ${result.applied.length} 人：${escape(result.applied.map((a) => a.name).join('、'))}。</p>` +
        '<p>在聊天里发送「党费」查看本月情况。</p>',
    );
  const items = result.problems
    .map((p) => {
      const where = p.row === null ? '' : `第 ${p.row} 行${p.name ? `（${p.name}）` : ''}：`;
      return `<li>${escape(where + (PROBLEM.get(p.problem) ?? p.problem))}</li>`;
    })
    .join('');
  return page(
    `「${unitName}」党费基数没有导入`,
    `<p>没有保存任何基数。以下问题改正后，可以用同一链接重新上传：</p><ul>${items}</ul>`,
  );
}

/** A short page for a link that does not work (bad, expired, used). */
export function linkPage(text: string): string {
  return page('党费基数导入', `<p>${escape(text)}</p>`);
}

export const LINK_WORDS = {
  invalid: '链接无效。',
  expired: '链接已过期，请重新发送「党费导入」。',
  used: '这个链接已经用过了，请重新发送「党费导入」。',
  forbidden: '你已不是这个支部的书记或委员，不能导入。',
  noKey: '没有配置数据密钥，不能保存党费基数。',
  noFile: '没有收到文件。',
} as const;
