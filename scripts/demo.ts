// `npm run demo`: fills the playground's database (DATABASE_URL, default ./data/pioneer.db) with a
// lived-in branch (./demo/scenario.ts), through the same core `npm start` runs. Safe to run twice:
// the second run finds the demo organisation and changes nothing.
import { existsSync } from 'node:fs';
import { ConfigError } from '../src/contracts/config/index.js';
import { createLogger } from '../src/contracts/log.js';
import { ManualClock } from '../src/contracts/time.js';
import { openStore } from '../src/db/open.js';
import { assemble } from '../src/runtime/assemble.js';
import { devDataKey } from '../src/runtime/dev-key.js';
import { DEMO_BRANCHES, DEMO_PARTY, DEMO_PEOPLE, runDemo } from './demo/scenario.js';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  if (process.env.NODE_ENV === 'production') throw new ConfigError('npm run demo: not in production (NODE_ENV)');
  devDataKey(process.env);
  const now = new Date();
  const clock = new ManualClock(now);
  const { port, store, config } = await assemble({
    env: process.env,
    runtime: 'node',
    store: (c) => openStore({ url: c.DATABASE_URL, authToken: c.DATABASE_AUTH_TOKEN }),
    clock,
    log: createLogger(),
  });
  try {
    const result = await runDemo(async (msg) => (await port.handle(msg)).replies.map((r) => r.text), clock, now);
    const where = config.DATABASE_URL.startsWith('file:') ? config.DATABASE_URL.slice(5) : '(remote database)';
    if (!result.created) {
      console.log(`\n  「${DEMO_PARTY}」已经在 ${where} 里了，演示数据没有再写一次。\n`);
      return;
    }
    const others = DEMO_PEOPLE.filter(([id]) => id.startsWith('demo-'))
      .map(([id, name]) => `${name}（${id}）`)
      .join('、');
    console.log(
      [
        '',
        `  演示数据已写入 ${where}：${DEMO_PARTY}，${DEMO_BRANCHES.join('、')}，第一党小组，12 名成员，`,
        `  已开过的会议 #${result.meetings.past.join('、#')}，将要开的会议 #${result.meetings.upcoming.join('、#')}，`,
        `  通知 #${result.notice}（一半人已确认），两个结对帮扶。`,
        '',
        `  现在运行 npm start，打开 ${config.PUBLIC_URL}/ ，以「王书记」的身份在「第一支部群」里试试：`,
        `  会议列表、考勤 ${result.meetings.past[0]}、未读 ${result.notice}、结对统计。`,
        `  其他成员可用「＋ 添加身份」按 ID 加入：${others}。`,
        '',
      ].join('\n'),
    );
  } finally {
    await store.close();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
