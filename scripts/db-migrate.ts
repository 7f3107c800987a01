// `npm run db:migrate`: applies migrations/ to the database named by DATABASE_URL (and
// DATABASE_AUTH_TOKEN), e.g. a Turso database the Workers deployment uses. The Worker never
// migrates by itself; D1 is migrated with `npx wrangler d1 migrations apply`.
import { createClient } from '@libsql/client';
import { openLibsqlStore } from '../src/db/libsql.js';

const MIGRATIONS_TABLE = '__drizzle_migrations';

async function applied(url: string, authToken?: string): Promise<number> {
  const client = createClient({ url: url === ':memory:' ? 'file::memory:' : url, authToken });
  try {
    const r = await client.execute(`SELECT count(*) AS n FROM ${MIGRATIONS_TABLE}`);
    return Number(r.rows[0]!.n);
  } catch {
    return 0; // no migrations table yet: a new database
  } finally {
    client.close();
  }
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    console.error('DATABASE_URL is not set: name the libSQL database to migrate (libsql://…, https://… or file:…)');
    process.exit(2);
  }
  const url = process.env.DATABASE_URL;
  const authToken = process.env.DATABASE_AUTH_TOKEN || undefined;
  const where = url.startsWith('file:') ? url : url.replace(/\?.*$/, '');
  const before = await applied(url, authToken);
  const store = await openLibsqlStore({ url, authToken });
  await store.close();
  const after = await applied(url, authToken);
  console.log(
    after === before
      ? `${where}: up to date (${after} migrations)`
      : `${where}: applied ${after - before} migration(s), ${after} in all`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
