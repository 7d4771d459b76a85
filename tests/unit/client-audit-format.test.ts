import { describe, expect, it } from 'vitest';
import { diffFields, valueText } from '../../client/src/features/audit/audit-format.js';

describe('what an audited action changed, as the audit page lists it', () => {
  it('lists the fields whose value differs, leaving out the bookkeeping ones', () => {
    const before = { seq: 4, version: 1, status: 'new', priority: 2, noteCount: 0, description: 'Cháy' };
    const after = { seq: 9, version: 2, status: 'acknowledged', priority: 2, noteCount: 1, description: 'Cháy' };
    expect(diffFields(before, after)).toEqual([
      { field: 'status', before: 'new', after: 'acknowledged' },
      { field: 'noteCount', before: '0', after: '1' },
    ]);
  });

  it('counts a field only one side has, and compares nested values by content', () => {
    expect(diffFields({ unitId: 'pol-1' }, { unitId: 'pol-1', etaSeconds: 372 })).toEqual([
      { field: 'etaSeconds', before: '—', after: '372' },
    ]);
    expect(diffFields({ statusTimes: { acknowledged: 'a' } }, { statusTimes: { acknowledged: 'a' } })).toEqual([]);
  });

  it('shows a side that is not an object as one value, and nothing when there is nothing', () => {
    expect(diffFields(null, { id: 1 })).toEqual([{ field: '', before: '—', after: '{"id":1}' }]);
    expect(diffFields(undefined, undefined)).toEqual([]);
    expect(diffFields(null, null)).toEqual([]);
  });

  it('keeps values to one line of plain text', () => {
    expect(valueText('<b>x</b>')).toBe('<b>x</b>');
    const long = valueText('a'.repeat(500));
    expect(long).toHaveLength(120);
    expect(long.endsWith('…')).toBe(true);
  });
});
