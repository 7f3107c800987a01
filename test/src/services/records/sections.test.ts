import { describe, expect, it } from 'vitest';
import { parseSections, type SectionHeading } from '../../../../src/services/records/sections.js';

// Minutes as secretaries write or paste them: each line below is a heading of the section named,
// with what follows it on the line; the lines that are not headings stay text.

const HEADINGS: readonly [string, SectionHeading, string][] = [
  ['议题：学习党章', '议题', '学习党章'],
  ['议题:学习党章', '议题', '学习党章'],
  ['【议题】学习党章', '议题', '学习党章'],
  ['[发言] 王书记讲话', '发言', '王书记讲话'],
  ['一、议题', '议题', ''],
  ['二、 发言：李四', '发言', '李四'],
  ['3. 决议：通过', '决议', '通过'],
  ['（一）议题：学习', '议题', '学习'],
  ['会议议题：学习', '议题', '学习'],
  ['主要议题：学习', '议题', '学习'],
  ['讨论发言：', '发言', ''],
  ['交流发言：张三', '发言', '张三'],
  ['发言情况', '发言', ''],
  ['讨论情况：热烈', '发言', '热烈'],
  ['决定：每月学习', '决议', '每月学习'],
  ['会议决定：每月学习', '决议', '每月学习'],
  ['形成决议：通过', '决议', '通过'],
  ['议题一：学习党章', '议题', '学习党章'],
  ['议题2：讨论发展党员', '议题', '讨论发展党员'],
  ['议题（三）：其他', '议题', '其他'],
  ['【议题一】学习党章', '议题', '学习党章'],
  ['## 议题', '议题', ''],
  ['### 决议：通过', '决议', '通过'],
  ['- 发言：王书记', '发言', '王书记'],
  ['**决议**：通过', '决议', '通过'],
  ['**议题：**学习', '议题', '学习'],
  ['  发言  ', '发言', ''],
];

const NOT_HEADINGS = [
  '发言人认为要落实',
  '决定一下时间',
  '议题很多，分两次讨论',
  '王书记：发言要简短',
  '- 发言人李四',
  '会议由王书记主持',
];

describe('parseSections', () => {
  it.each(HEADINGS)('%s starts a 「%s」 section', (line, heading, text) => {
    expect(parseSections(`开场白\n${line}\n下一行`)).toEqual([
      { heading: null, text: '开场白' },
      { heading, text: text ? `${text}\n下一行` : '下一行' },
    ]);
  });

  it.each(NOT_HEADINGS)('%s is text', (line) => {
    expect(parseSections(`议题：学习\n${line}`)).toEqual([{ heading: '议题', text: `学习\n${line}` }]);
  });

  it('keeps numbered headings of one kind as sections of their own, in order', () => {
    const body = '议题一：学习党章\n议题二：发展党员\n决议：\n1. 每月学习\n2. 确定积极分子';
    expect(parseSections(body)).toEqual([
      { heading: '议题', text: '学习党章' },
      { heading: '议题', text: '发展党员' },
      { heading: '决议', text: '1. 每月学习\n2. 确定积极分子' },
    ]);
  });
});
