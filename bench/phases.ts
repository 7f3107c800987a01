/**
 * What each step of the Pioneer request path costs, in-process and one at a time (not part of
 * `npm run bench`):
 *
 *   npx tsx bench/phases.ts [iterations=1500]
 *
 * Uses the server of bench/http.ts (same database, same set-up) but calls `app.request` and the
 * pieces behind it directly, so there is no socket and no load generator. Each step runs
 * `iterations` times, three passes interleaved; the median pass is shown, in µs per call.
 */
import { and, eq } from 'drizzle-orm';
import { performance } from 'node:perf_hooks';
import {
  identities,
  inviteUses,
  invites,
  members,
  processedMessages,
  auditLog,
  chatBindings,
} from '../src/db/schema.js';
import type { Write } from '../src/contracts/store.js';
import { incomingMessageSchema } from '../src/contracts/message.js';
import { parseCommand } from '../src/command/parse.js';
import { loadBinding, loadSender } from '../src/services/org/identity.js';
import { UnitTree } from '../src/services/org/units.js';
import { Dispatcher } from '../src/command/dispatch.js';
import { startBenchServer } from './http.js';
import { median } from './lib.js';
import { BENCH_CHAT, READER_ID, inviteCodeAt, joinBody, readBody } from './loadgen-protocol.js';

interface Step {
  name: string;
  run: (i: number) => unknown;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1500);
  const srv = await startBenchServer((m) => console.error(m));
  try {
    const { app, deps, store } = srv;
    const { db, client } = store;
    const dispatcher = new Dispatcher(deps);
    const passes = 3;
    // Every call of a write step needs its own invite code: one block per pass and step.
    const codeSteps = ['app.request write (加入)', 'dispatcher.handle write (加入)'];
    for (let p = 0; p < passes; p++) for (let s = 0; s < codeSteps.length; s++) await srv.issueInvites(`Q${p}${s}`, n);
    const unitId = String((await client.execute("SELECT id FROM units WHERE name = '第一支部'")).rows[0]!.id);
    let pass = 0;
    let seq = 0;
    const uid = () => `ph${++seq}`;
    // With content-length, as a real HTTP request has (without it bodyLimit re-streams the body).
    const post = async (path: string, body: string) => {
      const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
      return (await app.request(path, { method: 'POST', headers, body })).text();
    };
    const readMsg = incomingMessageSchema.parse(JSON.parse(readBody('x')));

    const storedSql =
      'SELECT "response" FROM "processed_messages" ' +
      'WHERE ("platform" = ? AND "message_id" = ? AND "sender_id" = ? AND "chat_id" = ?) LIMIT ?';
    const senderSql =
      'SELECT m."id", m."name", m."unit_id", m."role", m."party_status", m."is_admin", m."created_at" ' +
      'FROM "identities" i INNER JOIN "members" m ON m."id" = i."member_id" ' +
      'WHERE (i."platform" = ? AND i."user_id" = ?) LIMIT ?';
    const bindingSql =
      'SELECT "platform", "chat_id", "unit_id", "chat_name" FROM "chat_bindings" ' +
      'WHERE ("platform" = ? AND "chat_id" = ?) LIMIT ?';
    const storedPrepared = db
      .select({ response: processedMessages.response })
      .from(processedMessages)
      .where(and(eq(processedMessages.platform, 'playground'), eq(processedMessages.messageId, 'x')))
      .limit(1)
      .prepare();

    const fiveInserts = (tag: string): Write[] => {
      const now = Date.now();
      return [
        db.insert(members).values({
          id: tag,
          name: '成员',
          unitId,
          role: 'member',
          partyStatus: 'formal',
          isAdmin: false,
          createdAt: now,
        }),
        db
          .insert(identities)
          .values({ platform: 'playground', userId: tag, memberId: tag, displayName: null, createdAt: now }),
        db.insert(inviteUses).values({ code: tag, memberId: tag, usedAt: now }),
        db.insert(auditLog).values({
          at: now,
          actorMemberId: null,
          actor: `playground:${tag}`,
          action: 'member.join',
          unitId,
          platform: 'playground',
          chatId: tag,
          target: tag,
          detail: '{}',
        }),
        db.insert(processedMessages).values({
          platform: 'playground',
          messageId: tag,
          senderId: tag,
          chatId: tag,
          response: '{"replies":[]}',
          createdAt: now,
        }),
      ];
    };
    const fiveRaw = (tag: string) => {
      const now = Date.now();
      return [
        {
          sql:
            'INSERT INTO members (id, name, unit_id, role, party_status, is_admin, created_at) ' +
            'VALUES (?, ?, ?, ?, ?, ?, ?)',
          args: [tag, '成员', unitId, 'member', 'formal', 0, now],
        },
        {
          sql: 'INSERT INTO identities (platform, user_id, member_id, display_name, created_at) VALUES (?, ?, ?, ?, ?)',
          args: ['playground', tag, tag, null, now],
        },
        { sql: 'INSERT INTO invite_uses (code, member_id, used_at) VALUES (?, ?, ?)', args: [tag, tag, now] },
        {
          sql:
            'INSERT INTO audit_log (at, actor_member_id, actor, action, unit_id, platform, chat_id, target, detail) ' +
            "VALUES (?, NULL, ?, 'member.join', ?, 'playground', ?, ?, '{}')",
          args: [now, `playground:${tag}`, unitId, tag, tag],
        },
        {
          sql:
            'INSERT INTO processed_messages (platform, message_id, sender_id, chat_id, response, created_at) ' +
            'VALUES (?, ?, ?, ?, ?, ?)',
          args: ['playground', tag, tag, tag, '{"replies":[]}', now],
        },
      ];
    };

    const steps: Step[] = [
      { name: 'app.request /echo (Hono, no socket)', run: (i) => post('/echo', readBody(`e${pass}-${i}`)) },
      { name: 'app.request read (帮助)', run: (i) => post('/v1/messages', readBody(`r${pass}-${i}`)) },
      {
        name: 'dispatcher.handle read (帮助)',
        run: (i) => dispatcher.handle({ ...readMsg, messageId: `d${pass}-${i}` }),
      },
      {
        name: 'JSON.parse + zod incomingMessageSchema',
        run: (i) => incomingMessageSchema.safeParse(JSON.parse(readBody(`z${i}`))),
      },
      { name: 'parseCommand', run: () => parseCommand('加入 ABCDEFGH 成员1', [], false) },
      {
        name: 'stored(): drizzle select processed_messages',
        run: (i) =>
          db
            .select({ response: processedMessages.response })
            .from(processedMessages)
            .where(and(eq(processedMessages.platform, 'playground'), eq(processedMessages.messageId, `s${i}`)))
            .limit(1),
      },
      { name: 'stored(): drizzle prepared', run: () => storedPrepared.all() },
      {
        name: 'stored(): raw client.execute',
        run: (i) => client.execute({ sql: storedSql, args: ['playground', `s${i}`, `s${i}`, `s${i}`, 1] }),
      },
      {
        name: 'loadSender(): drizzle join',
        run: () => loadSender(db, deps.admins, 'playground', READER_ID, undefined),
      },
      {
        name: 'loadSender(): raw client.execute',
        run: () => client.execute({ sql: senderSql, args: ['playground', READER_ID, 1] }),
      },
      { name: 'loadBinding(): drizzle', run: () => loadBinding(db, 'playground', BENCH_CHAT) },
      {
        name: 'loadBinding(): raw client.execute',
        run: () => client.execute({ sql: bindingSql, args: ['playground', BENCH_CHAT, 1] }),
      },
      { name: "raw client.execute('SELECT 1')", run: () => client.execute('SELECT 1') },
      { name: 'UnitTree.load (drizzle, 2 units)', run: () => UnitTree.load(db) },
      {
        name: 'drizzle select invites by code',
        run: (i) =>
          db
            .select()
            .from(invites)
            .where(eq(invites.code, `C${i}`))
            .limit(1),
      },
      { name: 'drizzle select * from chat_bindings limit 1', run: () => db.select().from(chatBindings).limit(1) },
      {
        name: 'app.request write (加入)',
        run: (i) => post('/v1/messages', joinBody(uid(), uid(), inviteCodeAt(`Q${pass}0`, i), '成员')),
      },
      {
        name: 'dispatcher.handle write (加入)',
        run: (i) => {
          const id = uid();
          return dispatcher.handle(
            incomingMessageSchema.parse(JSON.parse(joinBody(id, id, inviteCodeAt(`Q${pass}1`, i), '成员'))),
          );
        },
      },
      { name: 'store.batch: 5 drizzle inserts (one join)', run: () => store.batch(fiveInserts(uid())) },
      { name: "raw client.batch(5 inserts, 'write')", run: () => client.batch(fiveRaw(uid()), 'write') },
    ];

    const results = new Map<string, { wall: number[]; cpu: number[] }>();
    for (pass = 0; pass < passes; pass++) {
      for (const step of steps) {
        for (let i = 0; i < Math.min(50, n); i++) await step.run(n + i + pass * 100); // settle
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        for (let i = 0; i < n; i++) await step.run(i);
        const wall = ((performance.now() - t0) * 1000) / n;
        const cpu = process.cpuUsage(cpu0);
        const r = results.get(step.name) ?? { wall: [], cpu: [] };
        r.wall.push(wall);
        r.cpu.push((cpu.user + cpu.system) / n);
        results.set(step.name, r);
      }
      console.error(`pass ${pass + 1}/${passes} done`);
    }
    const w = Math.max(...steps.map((s) => s.name.length));
    console.log(`${'step'.padEnd(w)}  µs/call (wall)  µs/call (cpu)`);
    for (const s of steps) {
      const r = results.get(s.name)!;
      console.log(
        `${s.name.padEnd(w)}  ${median(r.wall).toFixed(1).padStart(14)}  ${median(r.cpu).toFixed(1).padStart(13)}`,
      );
    }
  } finally {
    await srv.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
