import { describe, expect, it } from 'vitest';
import { csvCell } from '../../../../src/services/pairing/export.js';

describe('service record export', () => {
  it('quotes CSV cells and defuses formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(1.5)).toBe('1.5');
    expect(csvCell(null)).toBe('');
  });
});
