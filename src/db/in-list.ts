import { inArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/** Past this many values a list is bound as one JSON parameter (drizzle builds a long placeholder list slowly). */
export const IN_LIST_INLINE_MAX = 100;

/**
 * `column IN (values)`; a long list (a district's 1,000 units) as one parameter unpacked by
 * json_each, which SQLite still answers from an index on `column`.
 */
export function inList(column: SQLiteColumn, values: readonly string[]): SQL {
  if (values.length <= IN_LIST_INLINE_MAX) return inArray(column, [...values]);
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}
