// The content of a meeting record (议题, 发言, 决议) read from minutes as people write them: a
// heading line ("议题：…", "【发言】", "二、决议") starts a section, the lines below belong to it, and
// text before any heading is kept as it is. These are the record book's own words: the parser
// lives with the documents built from it (the .docx) rather than with the chat texts.

/** The sections of the record book's content. */
export type SectionHeading = '议题' | '发言' | '决议';

export interface MinutesSection {
  /** null: text before any heading (or minutes written without headings). */
  heading: SectionHeading | null;
  text: string;
}

/** Words that start a section, longest first so "会议议题" is not read as "议题" with "会议" left over. */
const HEADING_WORDS: ReadonlyMap<string, SectionHeading> = new Map<string, SectionHeading>([
  ['会议议题', '议题'],
  ['主要议题', '议题'],
  ['讨论发言', '发言'],
  ['交流发言', '发言'],
  ['发言摘要', '发言'],
  ['发言记录', '发言'],
  ['发言情况', '发言'],
  ['讨论情况', '发言'],
  ['会议决议', '决议'],
  ['会议决定', '决议'],
  ['决议事项', '决议'],
  ['决议情况', '决议'],
  ['形成决议', '决议'],
  ['议题', '议题'],
  ['发言', '发言'],
  ['决议', '决议'],
  ['决定', '决议'],
]);

const WORDS = [...HEADING_WORDS.keys()].join('|');
const NUM = '[一二三四五六七八九十\\d]{1,3}';
/** "议题一", "议题2", "议题（三）": a numbered heading of the same section. */
const ORDINAL = `(?:${NUM}|[(（]${NUM}[)）])?`;
// Markdown marks a pasted draft may carry ("## 议题", "- 发言：", "**决议**："), an optional list
// number (一、 2. ３． （一）), an optional bracket, the word and its ordinal, a closing bracket or a
// colon, then the rest of the line. Without a colon or bracket the word must end the line, so a
// sentence that starts with 发言 ("发言人认为…") is not a heading.
const HEADING = new RegExp(
  `^\\s*(?:#{1,6}\\s*|[*>•·-]\\s*)?(?:\\*\\*)?\\s*` +
    `(?:${NUM}\\s*[、.．)）]\\s*|[(（]${NUM}[)）]\\s*)?(?:` +
    `[【\\[(（]\\s*(${WORDS})\\s*${ORDINAL}\\s*[】\\])）]\\s*[:：]?|` +
    `(${WORDS})\\s*${ORDINAL}\\s*(?:\\*\\*)?\\s*[:：]|` +
    `(${WORDS})\\s*${ORDINAL}\\s*(?:\\*\\*)?\\s*$)(?:\\s*\\*\\*)?\\s*(.*)$`,
);

/** Splits minutes into sections by their heading lines; empty sections are dropped. */
export function parseSections(body: string): MinutesSection[] {
  const out: MinutesSection[] = [];
  let current: { heading: SectionHeading | null; lines: string[] } = { heading: null, lines: [] };
  const flush = () => {
    const text = current.lines.join('\n').trim();
    if (text || current.heading) out.push({ heading: current.heading, text });
  };
  for (const line of body.split(/\r?\n/)) {
    const m = HEADING.exec(line);
    if (!m) {
      current.lines.push(line.trimEnd());
      continue;
    }
    flush();
    const word = m[1] ?? m[2] ?? m[3]!;
    current = { heading: HEADING_WORDS.get(word)!, lines: m[4] ? [m[4].trim()] : [] };
  }
  flush();
  return out.filter((s) => s.text || s.heading);
}

/** How many sections of each heading the minutes have (for the reply after each message). */
export function sectionCounts(sections: readonly MinutesSection[]): Map<SectionHeading | null, number> {
  const counts = new Map<SectionHeading | null, number>();
  for (const s of sections) counts.set(s.heading, (counts.get(s.heading) ?? 0) + 1);
  return counts;
}
