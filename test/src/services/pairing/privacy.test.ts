import { describe, expect, it } from 'vitest';
import { personalDataText } from '../../../../commands/pairing/texts.js';
import { personalDataIn } from '../../../../src/services/pairing/personal-data.js';
import { mask, normalisePhone } from '../../../../src/services/pairing/privacy.js';

describe('personal data in free text', () => {
  it.each([
    ['联系13812345678', '电话'],
    ['电话 138-1234-5678', '电话'],
    ['座机0538-8231234', '电话'],
    ['身份证370902195001011234', '身份证'],
    ['身份证37090219500101123X', '身份证'],
    ['住3单元501', '门牌号'],
    ['502室', '门牌号'],
    ['编号1234567', '数字'],
  ])('%s is refused (%s)', (text, why) => {
    expect(personalDataText(personalDataIn(text)!)).toContain(why);
  });

  it.each(['每周六上午陪同买菜', '独居老人，行动不便，需要3次/周送餐', '阳光小区3号楼', '2026年12月'])(
    '%s passes',
    (text) => {
      expect(personalDataIn(text)).toBeNull();
    },
  );

  it('normalises phone numbers and masks what officers see after entering data', () => {
    expect(normalisePhone('138 1234 5678')).toBe('13812345678');
    expect(normalisePhone('0538-8231234')).toBe('0538-8231234');
    expect(normalisePhone('12345')).toBeNull();
    expect(normalisePhone('139.1234.5678')).toBe('13912345678');
    expect(normalisePhone('+86 139-1234-5678')).toBe('13912345678');
    expect(normalisePhone('一三九一二三四五六七八')).toBe('13912345678');
    expect(normalisePhone('（0538）8231234')).toBe('05388231234');
    expect(normalisePhone('王秀英')).toBeNull();
    expect(mask('name', '王秀英')).toBe('王*英');
    expect(mask('name', '张三')).toBe('张*');
    expect(mask('phone', '13812345678')).toBe('138****5678');
    expect(mask('address', '阳光小区3号楼2单元501')).not.toContain('501');
  });
});
