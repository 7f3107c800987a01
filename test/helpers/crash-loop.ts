/**
 * Crash durability: the real Node entry is SIGKILLed again and again while a client checks members
 * in and sends notices over HTTP. After every kill the database file is checked before the
 * restart (PRAGMA integrity_check; every check-in the client was told succeeded is there); requests
 * whose answer was lost are sent again with the same message id; at the end every notice must have
 * reached each bound chat of a loopback fake Lark exactly once. Shared by test and bench/crash.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { formatDateTimeISO } from '../../src/contracts/time.js';
import { inviteCode } from './core.js';
import { FakeLark } from './fake-lark.js';
import { startNode, type NodeChild } from './node-child.js';
import { CRASH_CHATS, deliveryReport, randomSecrets, secretsIn, type CrashSecrets } from './crash-checks.js';

export interface CrashLoopOptions {
  cycles: number;
  /** Members checking in to each cycle's meeting. */
  members?: number;
  seed?: number;
  log?: (msg: string) => void;
}

export interface CycleResult {
  cycle: number;
  bootMs: number;
  /** Check-ins answered 签到成功 before the kill. */
  confirmed: number;
  /** Requests in flight at the kill (sent again after the restart). */
  inFlight: number;
  /** Notices the client was told went out in this cycle. */
  notices: number;
  /** Confirmed check-ins missing from the database after the kill (must be 0). */
  lost: number;
  integrity: string;
}

export interface CrashReport {
  cycles: CycleResult[];
  checkinsConfirmed: number;
  checkinsLost: number;
  noticesConfirmed: number;
  /** Notice deliveries the fake platform accepted, and how many of those were a second copy. */
  deliveries: number;
  duplicateDeliveries: number;
  /** (notice, chat) pairs never delivered. */
  missingDeliveries: number;
  /** Re-sends after a crash that the platform dropped by their idempotency key. */
  resendsSuppressed: number;
  duplicateOutboxRows: number;
  integrityOk: boolean;
  /** Unexpected answers (anything but the expected success or replay). */
  oddAnswers: string[];
  secretsLogged: string[];
  logBytes: number;
}

interface Sent {
  status: number;
  text: string;
}

/** A tiny deterministic PRNG, so a run can be repeated. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

export async function runCrashLoop(opts: CrashLoopOptions): Promise<CrashReport> {
  const log = opts.log ?? (() => undefined);
  const members = opts.members ?? 24;
  const random = rng(opts.seed ?? 7);
  const dir = mkdtempSync(join(tmpdir(), 'pioneer-crash-'));
  const dbUrl = `file:${join(dir, 'crash.db')}`;
  const fake = await new FakeLark().start();
  const secrets: CrashSecrets = randomSecrets();
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl,
    CORE_TOKEN: secrets.CORE_TOKEN,
    PIONEER_DATA_KEY: secrets.PIONEER_DATA_KEY,
    PIONEER_ADMINS: 'lark:admin',
    LARK_APP_ID: 'cli_0123456789abcdef',
    LARK_APP_SECRET: secrets.LARK_APP_SECRET,
    LARK_ENCRYPT_KEY: secrets.LARK_ENCRYPT_KEY,
    LARK_VERIFICATION_TOKEN: secrets.LARK_VERIFICATION_TOKEN,
    LARK_DOMAIN: fake.url,
    RELAY_POLL_MS: '50',
    RELAY_LEASE_MS: '1000',
    RELAY_BACKOFF_BASE_MS: '100',
    LARK_RATE_PER_SEC: '500',
    LARK_RATE_PER_MIN: '100000',
    LARK_CHAT_RATE_PER_SEC: '100',
  };
  const output: string[] = [];
  let child: NodeChild | undefined;
  let seq = 0;
  const send = async (msg: { chat?: string; from: string; text: string; id?: string }): Promise<Sent | null> => {
    const body = {
      platform: 'lark',
      chatType: msg.chat ? 'group' : 'direct',
      chatId: msg.chat ?? msg.from,
      senderId: msg.from,
      messageId: msg.id ?? `setup-${++seq}`,
      text: msg.text,
    };
    try {
      const res = await fetch(`${child!.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secrets.CORE_TOKEN}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const json = (await res.json()) as { replies?: { text: string }[] };
      return { status: res.status, text: (json.replies ?? []).map((r) => r.text).join('\n') };
    } catch {
      return null; // the connection died with the process
    }
  };
  const must = async (msg: Parameters<typeof send>[0], re: RegExp): Promise<string> => {
    const r = await send(msg);
    if (r?.status !== 200 || !re.test(r.text)) throw new Error(`"${msg.text}" answered ${r?.status}: ${r?.text}`);
    return r.text;
  };

  const report: CrashReport = {
    cycles: [],
    checkinsConfirmed: 0,
    checkinsLost: 0,
    noticesConfirmed: 0,
    deliveries: 0,
    duplicateDeliveries: 0,
    missingDeliveries: 0,
    resendsSuppressed: 0,
    duplicateOutboxRows: 0,
    integrityOk: true,
    oddAnswers: [],
    secretsLogged: [],
    logBytes: 0,
  };
  const confirmed = new Set<string>(); // "userId meetingId"
  const noticeMarkers = new Map<string, number>(); // marker → notice id
  try {
    child = await startNode(env, dir, output);
    log(
      `booted in ${child.bootMs} ms; setting up 第一支部 with ${members} members and ${CRASH_CHATS.length} bound chats`,
    );
    await must({ from: 'admin', text: '建组织 崩溃测试党委' }, /已/);
    await must({ from: 'admin', text: '建组织 第一支部 崩溃测试党委' }, /已/);
    for (const chat of CRASH_CHATS) await must({ from: 'admin', chat, text: '绑定 第一支部' }, /绑定/);
    for (let i = 1; i <= members; i++) {
      const code = inviteCode(await must({ from: 'admin', chat: CRASH_CHATS[0], text: '邀请' }, /邀请码/));
      await must({ from: `ou_m${i}`, text: `加入 ${code} 成员${i}` }, /欢迎|加入/);
    }

    for (let cycle = 1; cycle <= opts.cycles; cycle++) {
      const startsAt = formatDateTimeISO(new Date(Date.now() + 10 * 60_000), 'Asia/Shanghai');
      // Every cycle's meeting is a 党员大会 within 2 hours of the last one: the bot asks whether it is
      // meant (a duplicate), and 确认安排 schedules it; the room differs, or it would be a retry of the last.
      let scheduled = await must(
        { from: 'admin', chat: CRASH_CHATS[0], text: `会议 党员大会 ${startsAt} 第${cycle}会议室` },
        /已安排会议 #\d+|确认安排/,
      );
      if (!/已安排会议 #\d+/.test(scheduled)) {
        scheduled = await must({ from: 'admin', chat: CRASH_CHATS[0], text: '确认安排' }, /已安排会议 #\d+/);
      }
      const meeting = Number(/已安排会议 #(\d+)/.exec(scheduled)![1]);
      const killAt = 1 + Math.floor(random() * (members - 2));
      const queue = Array.from({ length: members }, (_, i) => `ou_m${i + 1}`);
      const unknown: { from: string; chat?: string; text: string; id: string; kind: 'checkin' | 'notice' }[] = [];
      let stop = false;
      let ok = 0;
      let notices = 0;
      const killed = (async () => {
        const deadline = Date.now() + 30_000;
        while (ok < killAt && !stop && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
        child!.proc.kill('SIGKILL');
        stop = true;
        await child!.exited;
      })();
      // Check-ins start once a notice is out, so the kill finds both kinds of writes (and the
      // relay's deliveries) in flight.
      const checkins = Array.from({ length: 4 }, async () => {
        while (notices === 0 && !stop) await new Promise((r) => setTimeout(r, 1));
        for (let from = queue.shift(); from && !stop; from = queue.shift()) {
          const req = { from, text: `签到 ${meeting}`, id: `ci-${cycle}-${from}` };
          const r = await send(req);
          if (r === null) unknown.push({ ...req, kind: 'checkin' });
          else if (r.status === 200 && /签到成功/.test(r.text)) {
            confirmed.add(`${from} ${meeting}`);
            ok++;
          } else report.oddAnswers.push(`check-in ${from}: ${r.status} ${r.text}`);
        }
      });
      const noticeLoop = (async () => {
        for (let j = 0; !stop; j++) {
          const marker = `CRASH-${cycle}-${j}`;
          const steps = [
            { from: 'admin', chat: CRASH_CHATS[0], text: `通知 ${marker} 请按时参加学习`, id: `nd-${marker}` },
            { from: 'admin', chat: CRASH_CHATS[0], text: '确认发送', id: `ns-${marker}` },
          ];
          for (const step of steps) {
            const r = await send(step);
            if (r === null) {
              unknown.push({ ...step, kind: 'notice' });
              return;
            }
            const id = /通知 #(\d+) 已发往/.exec(r.text)?.[1];
            if (id) {
              noticeMarkers.set(marker, Number(id));
              notices++;
            }
          }
        }
      })();
      await Promise.all([killed, ...checkins, noticeLoop]);

      const db = createClient({ url: dbUrl });
      const integrity = await checkDb(db, confirmed, report);
      db.close();
      child = await startNode(env, dir, output);
      // Requests whose answer died with the process are sent again with the same message id.
      for (const u of unknown) {
        const r = await send(u);
        if (r?.status !== 200) report.oddAnswers.push(`replay ${u.text}: ${r?.status}`);
        else if (u.kind === 'checkin' && /签到成功/.test(r.text)) confirmed.add(`${u.from} ${meeting}`);
        else if (u.kind === 'checkin') report.oddAnswers.push(`replay ${u.from}: ${r.text}`);
        else {
          const id = /通知 #(\d+) 已发往/.exec(r.text)?.[1];
          if (id) noticeMarkers.set(u.id.slice(3), Number(id));
        }
      }
      report.cycles.push({
        cycle,
        bootMs: child.bootMs,
        confirmed: ok,
        inFlight: unknown.length,
        notices,
        lost: integrity.lost,
        integrity: integrity.result,
      });
      log(
        `cycle ${cycle}: killed after ${ok} check-ins and ${notices} notices, ${unknown.length} in flight; ` +
          `integrity ${integrity.result}; lost ${integrity.lost}; restarted in ${child.bootMs} ms`,
      );
    }

    const delivered = await deliveryReport(fake, dbUrl, noticeMarkers, 60_000);
    Object.assign(report, delivered);
    child.proc.kill('SIGTERM');
    await child.exited;
    const db = createClient({ url: dbUrl });
    await checkDb(db, confirmed, report);
    db.close();
  } finally {
    child?.proc.kill('SIGKILL');
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const text = output.join('');
  report.logBytes = text.length;
  report.secretsLogged = secretsIn(text, secrets);
  report.checkinsConfirmed = confirmed.size;
  report.noticesConfirmed = noticeMarkers.size;
  return report;
}

/** Integrity and every confirmed check-in, read straight from the file while no server runs. */
async function checkDb(
  db: Client,
  confirmed: Set<string>,
  report: CrashReport,
): Promise<{ result: string; lost: number }> {
  const integrity = await db.execute('PRAGMA integrity_check');
  const result = String(integrity.rows[0]?.[0] ?? 'no answer');
  if (result !== 'ok') report.integrityOk = false;
  const rows = await db.execute(
    'SELECT i.user_id, a.meeting_id FROM attendance a ' +
      "JOIN identities i ON i.member_id = a.member_id AND i.platform = 'lark' WHERE a.status = 'present'",
  );
  const present = new Set(rows.rows.map((r) => `${String(r.user_id)} ${Number(r.meeting_id)}`));
  const lost = [...confirmed].filter((k) => !present.has(k)).length;
  report.checkinsLost = Math.max(report.checkinsLost, lost);
  // Two rows for one (notice, chat), or two rows sharing an idempotency key, would be a double send.
  const dup = await db.execute(
    'SELECT (SELECT count(*) FROM ' +
      "(SELECT 1 FROM outbox WHERE kind = 'notice' GROUP BY ref, chat_id HAVING count(*) > 1)) + " +
      '(SELECT count(*) FROM (SELECT 1 FROM outbox GROUP BY idem_key HAVING count(*) > 1)) AS n',
  );
  report.duplicateOutboxRows = Math.max(report.duplicateOutboxRows, Number(dup.rows[0]!.n));
  return { result, lost };
}
