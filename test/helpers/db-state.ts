import type { SqlClient as Client } from '../../src/contracts/store.js';

/** Tables whose rows are bookkeeping of the request itself, not state a refusal could change. */
// command_uses counts the commands a person ran (帮助 in a group lists their most used): not a change of state.
export const BOOKKEEPING_TABLES = new Set(['processed_messages', 'command_uses']);

/** Every user table of the database (migrations' own table and SQLite's internals left out). */
export async function userTables(client: Client): Promise<string[]> {
  const r = await client.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' " +
      "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name",
  );
  return r.rows.map((row) => String(row.name));
}

/**
 * A fingerprint per table: row count and every row's values in rowid order, so any insert,
 * update or delete shows. Tables in `skip` are left out.
 */
export async function tableStates(
  client: Client,
  tables: readonly string[],
  skip: ReadonlySet<string> = BOOKKEEPING_TABLES,
): Promise<Map<string, string>> {
  const names = tables.filter((t) => !skip.has(t));
  const results = await client.batch(
    names.map((t) => `SELECT * FROM "${t}" ORDER BY rowid`),
    'read',
  );
  const out = new Map<string, string>();
  names.forEach((t, i) => {
    const rs = results[i]!;
    out.set(
      t,
      `${rs.rows.length}:${JSON.stringify(
        rs.rows.map((row) => Object.values(row).map((v) => (typeof v === 'bigint' ? String(v) : v))),
      )}`,
    );
  });
  return out;
}

/** Names of the tables whose fingerprints differ. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((t) => before.get(t) !== after.get(t));
}

/**
 * A copy of the database taken with VACUUM INTO, and a way to put every table back to it
 * (one transaction on the live connection), so many scenarios can start from the same state.
 */
export async function snapshot(client: Client, file: string): Promise<{ restore(): Promise<void> }> {
  await client.execute({ sql: 'VACUUM INTO ?', args: [file] });
  const tables = await userTables(client);
  const seq = await client.execute("SELECT count(*) AS n FROM sqlite_master WHERE name = 'sqlite_sequence'");
  const copy = [...tables, ...(Number(seq.rows[0]!.n) ? ['sqlite_sequence'] : [])];
  const sql = [
    `ATTACH '${file.replace(/'/g, "''")}' AS snap`,
    'BEGIN',
    ...copy.flatMap((t) => [`DELETE FROM main."${t}"`, `INSERT INTO main."${t}" SELECT * FROM snap."${t}"`]),
    'COMMIT',
    'DETACH snap',
  ].join(';\n');
  return { restore: () => client.executeMultiple(sql) };
}
