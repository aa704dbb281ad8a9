/**
 * TypeORM's `query()` returns `[rows, rowCount]` for UPDATE and DELETE (with or without RETURNING)
 * and plain `rows` for SELECT and INSERT. This gives the rows in every case.
 */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/** A PostgreSQL array column as strings (pg parses text[]; inet[]/cidr[] arrive as '{a,b}' text). */
export function pgArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value.startsWith('{')) {
    const inner = value.slice(1, -1);
    return inner === '' ? [] : inner.split(',').map((s) => s.replace(/^"|"$/g, ''));
  }
  return [];
}
