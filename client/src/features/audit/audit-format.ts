/** One field an audited action changed, as text: its name and its value before and after. */
export interface FieldDiff {
  field: string;
  before: string;
  after: string;
}

const MAX_VALUE = 120;

/** A value as short, plain text (never HTML): strings as they are, the rest as JSON, cut to a line. */
export function valueText(v: unknown): string {
  if (v === undefined || v === null) return '—';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/**
 * What an action changed: the top-level fields whose value differs between `before` and `after`
 * (fields only one side has count too), in `after`'s order then `before`'s. Bookkeeping fields that
 * change with every edit (`seq`, `version`) are left out; a non-object side counts as one field.
 */
export function diffFields(before: unknown, after: unknown): FieldDiff[] {
  const isObject = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObject(before) || !isObject(after)) {
    if (before === undefined && after === undefined) return [];
    return JSON.stringify(before) === JSON.stringify(after)
      ? []
      : [{ field: '', before: valueText(before), after: valueText(after) }];
  }
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])].filter(
    (k) => k !== 'seq' && k !== 'version',
  );
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => ({ field: k, before: valueText(before[k]), after: valueText(after[k]) }));
}
