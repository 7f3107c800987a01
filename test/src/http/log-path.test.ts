import { describe, expect, it } from 'vitest';
import { loggablePath } from '../../../src/http/exports.js';

describe('loggablePath', () => {
  it('replaces the token of every signed link and keeps other paths', () => {
    expect(loggablePath('/exports/abc.def.xlsx')).toBe('/exports/[redacted].xlsx');
    expect(loggablePath('/dues/exports/a.b.c.docx')).toBe('/dues/exports/[redacted].docx');
    expect(loggablePath('/dues/import/a.b.c')).toBe('/dues/import/[redacted]');
    expect(loggablePath('/dashboard/unit/u-1')).toBe('/dashboard/unit/u-1');
    expect(loggablePath('/v1/messages')).toBe('/v1/messages');
  });
});
