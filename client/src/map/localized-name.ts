import type { ExpressionSpecification } from 'maplibre-gl';

/** A feature's name for the UI language: `name` (Vietnamese) or `nameEn`, falling back to `name`. */
export function nameExpression(locale: string, field = 'name'): ExpressionSpecification {
  return locale.startsWith('vi') ? ['get', field] : ['coalesce', ['get', `${field}En`], ['get', field]];
}
