import type { D1Database } from './cloudflare.js';

/** D1 refuses a statement that binds more than this many parameters ("too many SQL variables"). */
export const D1_MAX_BOUND_PARAMS = 100;

/** A placeholder list `IN (?, ?, …)` as drizzle's `inArray` writes it. */
const IN_LIST = /\bin\s*\(\s*\?(?:\s*,\s*\?)+\s*\)/gi;

/** The SQL with the contents of string literals and quoted names blanked, so only real `?` count. */
function maskQuoted(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`/g, (m) => m[0] + ' '.repeat(m.length - 2) + m[0]);
}

const jsonSafe = (v: unknown) =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/**
 * Rewrites every `IN (?, ?, …)` list of a statement into `IN (SELECT value FROM json_each(?))`
 * with the list's values as one JSON parameter, so an `inArray` over a large set (the members of
 * a big 党委, the ids of a long roll) binds one parameter instead of hundreds. Lists holding a value
 * JSON cannot carry unchanged (a blob) are left as they are.
 */
export function collapseInLists(sql: string, params: unknown[]): { sql: string; params: unknown[] } {
  const masked = maskQuoted(sql);
  let out = '';
  const outParams: unknown[] = [];
  let last = 0;
  let used = 0;
  for (const m of masked.matchAll(IN_LIST)) {
    const start = m.index;
    const before = (masked.slice(last, start).match(/\?/g) ?? []).length;
    const count = (m[0].match(/\?/g) ?? []).length;
    outParams.push(...params.slice(used, used + before));
    used += before;
    const values = params.slice(used, used + count);
    used += count;
    out += sql.slice(last, start);
    if (values.every(jsonSafe)) {
      out += 'in (SELECT value FROM json_each(?))';
      outParams.push(JSON.stringify(values));
    } else {
      out += sql.slice(start, start + m[0].length);
      outParams.push(...values);
    }
    last = start + m[0].length;
  }
  out += sql.slice(last);
  outParams.push(...params.slice(used));
  return { sql: out, params: outParams };
}

interface Statement {
  bind(...params: unknown[]): unknown;
}

/**
 * The D1 binding as drizzle and the store use it, except that a statement binding more than
 * D1_MAX_BOUND_PARAMS parameters has its IN lists collapsed first (libSQL allows 32766, so the
 * core's queries are written without this limit in mind). A statement still over the limit
 * fails with an error that says so.
 */
export function withD1ParamLimit(binding: D1Database): D1Database {
  return {
    prepare(sql: string) {
      const real = binding.prepare(sql) as Statement & Record<PropertyKey, unknown>;
      return new Proxy(real, {
        get(target, prop) {
          if (prop === 'bind') {
            return (...params: unknown[]) => {
              if (params.length <= D1_MAX_BOUND_PARAMS) return target.bind(...params);
              const c = collapseInLists(sql, params);
              if (c.params.length > D1_MAX_BOUND_PARAMS) {
                throw new Error(
                  `statement binds ${c.params.length} parameters, ` +
                    `D1 allows ${D1_MAX_BOUND_PARAMS}: ${sql.slice(0, 120)}`,
                );
              }
              return (binding.prepare(c.sql) as Statement).bind(...c.params);
            };
          }
          const v = target[prop];
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
    },
    batch: (statements) => binding.batch(statements),
    exec: (query) => binding.exec(query),
  };
}
