import { describe, expect, it } from 'vitest';
import { gluedExample } from '../../../commands/help/texts.js';
import { createRegistry } from '../../../commands/index.js';
import { parseCommand } from '../../../src/command/parse.js';
import { gluedWords, sayingExamples } from '../../../src/command/phrasing.js';

const registry = createRegistry();
const meaning = (text: string, chat: 'group' | 'direct' = 'group') => {
  const p = parseCommand(text);
  const r = p ? registry.recognise(p, chat) : undefined;
  return r ? { name: r.def.name, args: r.command.args, via: r.command.via ?? 'word' } : null;
};

describe('gluedWords', () => {
  it.each([
    ['签到', '14', ['14']],
    ['签到', '#14', ['#14']],
    ['请假', ',明天出差', ['明天出差']],
    ['请假', ':明天出差', ['明天出差']],
    ['请假', '12,外出', ['12', '外出']],
    ['加入', 'URSAACAV赵大爷', ['URSAACAV', '赵大爷']],
    ['加入', 'K7P2QXMA', ['K7P2QXMA']],
  ])('%s + %s → %j', (word, remainder, words) => {
    expect(gluedWords(word, remainder)).toEqual(words);
  });

  it.each([
    ['收到', '12个快递'],
    ['签到', '处在哪'],
    ['签到', '14号'],
    ['checkin', 'abc'],
    ['请假', ','],
  ])('%s + %s is not a glued argument', (word, remainder) => {
    expect(gluedWords(word, remainder)).toBeNull();
  });
});

describe('Registry.recognise', () => {
  it('finds a command by its word first, as before', () => {
    expect(meaning('签到 12')).toEqual({ name: '签到', args: ['12'], via: 'word' });
    expect(meaning('签到码12')).toEqual({ name: '签到码', args: ['12'], via: 'glued' });
  });

  it('takes a glued form only when its words bind to the arguments', () => {
    expect(meaning('会议：大家准备材料')).toBeNull();
    expect(meaning('会议:党课 明天下午3点')).toEqual({ name: '会议', args: ['党课', '明天下午3点'], via: 'glued' });
  });

  it('takes 「1」 for 收到 only in a group', () => {
    expect(meaning('1')).toEqual({ name: '收到', args: [], via: 'tentative' });
    expect(meaning('1', 'direct')).toBeNull();
  });

  it('matches sayings against the whole message only', () => {
    expect(meaning('嗯嗯，我已经收到了，谢谢')).toEqual({ name: '收到', args: [], via: 'saying' });
    expect(meaning('我已经收到快递了')).toBeNull();
    expect(meaning('签到了吗')).toBeNull();
    expect(meaning(`收到${'了'.repeat(40)}`)).toBeNull();
  });

  it('lists examples for 帮助 from the declarations', () => {
    expect(sayingExamples(registry.find('收到')!)).toEqual(expect.arrayContaining(['收到了', '好的，收到', '已阅']));
    expect(sayingExamples(registry.find('会议')!)).toEqual([]);
  });
});

describe('the glued examples 帮助 shows', () => {
  const shown = registry.commands.flatMap((def) => {
    const glued = gluedExample(def);
    return glued ? [[def.name, glued, def.example] as const] : [];
  });

  it('exist for the commands people type numbers and codes with', () => {
    expect(shown.map(([name]) => name)).toEqual(expect.arrayContaining(['签到', '请假', '加入', '收到', '考勤']));
  });

  it.each(shown)('%s: 「%s」 means what its example means', (name, glued, example) => {
    const spaced = parseCommand(example)!;
    expect(meaning(glued)).toEqual({ name, args: name === '签到' ? ['12'] : spaced.args, via: 'glued' });
  });
});
