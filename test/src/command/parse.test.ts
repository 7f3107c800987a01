import { describe, expect, it } from 'vitest';
import { normalizeText, parseCommand, tokenize } from '../../../src/command/parse.js';
import { closest } from '../../../src/command/suggest.js';

describe('normalizeText', () => {
  it.each([
    ['／签到　１２３４５６', '/签到 123456'],
    ['通知 “明天 开会”', '通知 "明天 开会"'],
    ['签\u200B到', '签到'],
    ['  帮助\t\t加入 ', '帮助 加入'],
    ['ＨＥＬＰ', 'HELP'],
    ['签到\u0007码', '签到 码'],
  ])('%j → %j', (input, out) => {
    expect(normalizeText(input)).toBe(out);
  });
});

describe('tokenize', () => {
  it('groups quoted words, straight or curly (after normalisation)', () => {
    expect(tokenize(normalizeText('通知 “周五 下午 开会” 到 第一支部'))).toEqual([
      '通知',
      '周五 下午 开会',
      '到',
      '第一支部',
    ]);
    expect(tokenize("建组织 'A B' C")).toEqual(['建组织', 'A B', 'C']);
  });
});

describe('parseCommand', () => {
  it('drops a leading slash, full-width slash and @bot', () => {
    for (const text of ['/签到', '／签到', '@先锋助手 签到', '@先锋助手 /签到', '  签到  ']) {
      expect(parseCommand(text)?.word, text).toBe('签到');
    }
  });

  it('drops an unknown leading @ when the platform says the bot was mentioned', () => {
    expect(parseCommand('@小助手 签到', [], true)?.word).toBe('签到');
    expect(parseCommand('@小助手 签到', [], false)?.word).toBe('@小助手');
  });

  it('keeps mentions of people as arguments, with their ids', () => {
    const p = parseCommand('代签 @李四 3', [{ id: 'u2', name: '李四' }], true)!;
    expect(p.word).toBe('代签');
    expect(p.args).toEqual(['@李四', '3']);
    expect(p.mentions).toEqual([{ id: 'u2', name: '李四' }]);
  });

  it('keeps mentions a platform removed from the text (WeChat mentionText)', () => {
    const p = parseCommand('任命 委员', [{ id: 'wx2', name: '李四' }])!;
    expect(p.mentions).toEqual([{ id: 'wx2', name: '李四' }]);
  });

  it('lower-cases English aliases only', () => {
    expect(parseCommand('HELP join')?.word).toBe('help');
    expect(parseCommand('HELP join')?.args).toEqual(['join']);
  });

  it('gives the rest of the line for free-text commands', () => {
    expect(parseCommand('通知 明天 下午 开会')?.rest).toBe('明天 下午 开会');
  });

  it('drops closing punctuation, full-width or not, but keeps a question mark', () => {
    for (const text of ['收到。', '收到！', '收到!!', '收到~', '收到～', '收到…', '收到，', '收到 。']) {
      expect(parseCommand(text)?.word, text).toBe('收到');
    }
    expect(parseCommand('请假 12 外出就医。')?.args).toEqual(['12', '外出就医']);
    expect(parseCommand('收到？')?.word).toBe('收到?');
    expect(parseCommand('。。。')).toBeNull();
  });

  it('says whether the bot was addressed, and keeps the whole command text', () => {
    expect(parseCommand('@先锋助手 签到了')).toMatchObject({ word: '签到了', text: '签到了', addressed: true });
    expect(parseCommand('签到了')).toMatchObject({ addressed: false });
    expect(parseCommand('签到了', [], true)).toMatchObject({ addressed: true });
    expect(parseCommand('/好的，收到！')?.text).toBe('好的,收到');
  });

  it('returns null for empty or absurdly long text', () => {
    expect(parseCommand('')).toBeNull();
    expect(parseCommand('\u200B \u3000')).toBeNull();
    expect(parseCommand('签到'.repeat(5000))).toBeNull();
  });
});

describe('closest', () => {
  it('suggests near words', () => {
    expect(closest('签道', ['签到', '请假', '帮助'])).toEqual(['签到']);
    expect(closest('hepl', ['help', 'join'])).toEqual(['help']);
    expect(closest('会议列', ['会议', '会议列表', '加入'])).toContain('会议列表');
    expect(closest('天气', ['签到', '请假'])).toEqual([]);
  });
});
