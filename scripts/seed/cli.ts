/**
 * `npm run seed -- district [file]`: builds issue 24's district (scripts/seed/district.ts:
 * 1 区委 → 20 总支 → 1,000 支部, about 50,000 members and a year of history) into a fresh database
 * file, migrated first. `npm run seed -- one-branch [file]` builds the one-branch comparison case.
 * Refuses an existing file so a real database is never written into.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../../src/db/open.js';
import { DISTRICT_SHAPE, ONE_BRANCH_SHAPE, seedDistrict } from './district.js';

const SHAPES = { district: DISTRICT_SHAPE, 'one-branch': ONE_BRANCH_SHAPE } as const;

async function main(argv: string[]): Promise<number> {
  const [name, file] = argv;
  if (!name || !(name in SHAPES)) {
    console.error(`usage: npm run seed -- <${Object.keys(SHAPES).join('|')}> [file]`);
    return 2;
  }
  const path = resolve(file ?? `data/${name}.sqlite`);
  if (existsSync(path)) {
    console.error(`${path} exists: seed writes only into a fresh file (remove it or name another)`);
    return 2;
  }
  const now = process.env.SEED_NOW ? new Date(process.env.SEED_NOW) : new Date();
  if (Number.isNaN(now.getTime())) {
    console.error(`SEED_NOW is not a date: ${process.env.SEED_NOW}`);
    return 2;
  }
  mkdirSync(dirname(path), { recursive: true });
  const t0 = performance.now();
  const store = await openStore({ url: `file:${path}`, driver: 'engine' });
  try {
    const seeded = await seedDistrict(store.client, { now, shape: SHAPES[name as keyof typeof SHAPES] });
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`${path}: ${name} seeded in ${seconds} s`);
    for (const [table, n] of Object.entries(seeded.counts)) console.log(`  ${table}\t${n}`);
    console.log(`  区委 secretary: ${seeded.platform}:ou_${seeded.rootSecretary}`);
  } finally {
    await store.close();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
