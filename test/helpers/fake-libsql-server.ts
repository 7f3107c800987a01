import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type Client, type InValue, type ResultSet, type Transaction } from '@libsql/client';

// A loopback stand-in for a libSQL server (Turso, sqld): the Hrana-over-HTTP protocol version 2
// (JSON), which is what @libsql/client/web speaks by default, in front of a real libSQL file.
// Enough of the protocol for the client: execute, batch with conditions, store_sql / close_sql,
// sequence, get_autocommit and close, streams continued by baton. Every stream shares the one
// connection, and a request never leaves a transaction open (the client's batches open and
// close theirs inside one request).

type HranaValue =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };
interface HranaStmt {
  sql?: string;
  sql_id?: number;
  args?: HranaValue[];
  named_args?: { name: string; value: HranaValue }[];
  want_rows?: boolean;
}
type Cond =
  | { type: 'ok' | 'error'; step: number }
  | { type: 'not'; cond: Cond }
  | { type: 'and' | 'or'; conds: Cond[] }
  | { type: 'is_autocommit' };
interface StreamState {
  sqls: Map<number, string>;
}
type HranaError = { message: string; code?: string };

function fromHrana(v: HranaValue): InValue {
  switch (v.type) {
    case 'null':
      return null;
    case 'integer':
      return BigInt(v.value);
    case 'float':
      return v.value;
    case 'text':
      return v.value;
    case 'blob':
      return Buffer.from(v.base64, 'base64');
  }
}

function toHrana(v: unknown): HranaValue {
  if (v === null || v === undefined) return { type: 'null' };
  if (typeof v === 'bigint') return { type: 'integer', value: v.toString() };
  if (typeof v === 'number') return { type: 'float', value: v };
  if (typeof v === 'string') return { type: 'text', value: v };
  if (v instanceof ArrayBuffer || ArrayBuffer.isView(v))
    return { type: 'blob', base64: Buffer.from(v as ArrayBuffer).toString('base64') };
  return { type: 'text', value: String(v) };
}

function stmtResult(rs: ResultSet) {
  return {
    cols: rs.columns.map((name, i) => ({ name, decltype: rs.columnTypes[i] || null })),
    rows: rs.rows.map((row) => rs.columns.map((_, i) => toHrana(row[i]))),
    affected_row_count: rs.rowsAffected,
    last_insert_rowid: rs.lastInsertRowid === undefined ? null : rs.lastInsertRowid.toString(),
  };
}

function errorOf(err: unknown): HranaError {
  const e = err as { message?: string; code?: string };
  return { message: String(e.message ?? err), code: e.code };
}

const EMPTY: ResultSet = {
  columns: [],
  columnTypes: [],
  rows: [],
  rowsAffected: 0,
  lastInsertRowid: undefined,
  toJSON: () => ({}),
};

/** A fake libSQL server over a real libSQL file, on a free loopback port. */
export class FakeLibsqlServer {
  url = '';
  /** Pipeline requests received, for assertions. */
  pipelines = 0;
  private server!: Server;
  private readonly db: Client;
  private readonly streams = new Map<string, StreamState>();
  /** The open transaction (the client's pool would roll back a BEGIN run by plain execute). */
  private tx: Transaction | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private batons = 0;

  constructor(dbPath: string) {
    this.db = createClient({ url: `file:${dbPath}`, intMode: 'bigint', concurrency: 1 });
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.route(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
    this.db.close();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/v2') return send(200, {});
    if (req.method !== 'POST' || req.url !== '/v2/pipeline') return send(404, { message: 'not found' });
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      baton?: string | null;
      requests: { type: string }[];
    };
    // One pipeline at a time: the connection is shared.
    const run = this.queue.then(() => this.pipeline(body));
    this.queue = run.catch(() => undefined);
    try {
      send(200, await run);
    } catch (err) {
      send(400, { message: errorOf(err).message });
    }
  }

  private async pipeline(body: { baton?: string | null; requests: { type: string }[] }) {
    this.pipelines++;
    let state = body.baton ? this.streams.get(body.baton) : { sqls: new Map<number, string>() };
    if (!state) throw new Error('unknown baton');
    if (body.baton) this.streams.delete(body.baton);
    const results: unknown[] = [];
    let closed = false;
    for (const r of body.requests) {
      try {
        results.push({ type: 'ok', response: await this.request(r as never, state) });
        if (r.type === 'close') closed = true;
      } catch (err) {
        results.push({ type: 'error', error: errorOf(err) });
      }
    }
    if (this.tx) {
      await this.tx.rollback().catch(() => undefined);
      this.tx = null;
    }
    let baton: string | null = null;
    if (!closed) {
      baton = `b${++this.batons}`;
      this.streams.set(baton, state);
    }
    state = undefined;
    return { baton, base_url: null, results };
  }

  private async request(
    r: {
      type: string;
      stmt?: HranaStmt;
      batch?: { steps: { condition?: Cond; stmt: HranaStmt }[] };
      sql?: string;
      sql_id?: number;
    },
    state: StreamState,
  ) {
    switch (r.type) {
      case 'close':
        return { type: 'close' };
      case 'store_sql':
        state.sqls.set(r.sql_id!, r.sql!);
        return { type: 'store_sql' };
      case 'close_sql':
        state.sqls.delete(r.sql_id!);
        return { type: 'close_sql' };
      case 'get_autocommit':
        return { type: 'get_autocommit', is_autocommit: this.tx === null };
      case 'sequence':
        await this.db.executeMultiple(r.sql ?? state.sqls.get(r.sql_id!) ?? '');
        return { type: 'sequence' };
      case 'execute':
        return { type: 'execute', result: stmtResult(await this.execute(r.stmt!, state)) };
      case 'batch':
        return { type: 'batch', result: await this.batch(r.batch!.steps, state) };
      default:
        throw new Error(`unsupported request ${r.type}`);
    }
  }

  private async execute(stmt: HranaStmt, state: StreamState): Promise<ResultSet> {
    const sql = stmt.sql ?? state.sqls.get(stmt.sql_id!);
    if (sql === undefined) throw new Error('unknown sql_id');
    const args = stmt.named_args?.length
      ? Object.fromEntries(stmt.named_args.map((a) => [a.name.replace(/^[:@$]/, ''), fromHrana(a.value)]))
      : (stmt.args ?? []).map(fromHrana);
    const head = /^\s*(BEGIN|COMMIT|END|ROLLBACK)\b\s*(\w*)/i.exec(sql);
    const verb = head?.[1]!.toUpperCase();
    if (verb === 'BEGIN') {
      if (this.tx)
        throw Object.assign(new Error('cannot start a transaction within a transaction'), { code: 'SQLITE_ERROR' });
      this.tx = await this.db.transaction(/^(IMMEDIATE|EXCLUSIVE)$/i.test(head![2]!) ? 'write' : 'deferred');
      return EMPTY;
    }
    if (verb) {
      if (!this.tx)
        throw Object.assign(new Error(`cannot ${verb.toLowerCase()} - no transaction is active`), {
          code: 'SQLITE_ERROR',
        });
      const tx = this.tx;
      this.tx = null;
      await (verb === 'ROLLBACK' ? tx.rollback() : tx.commit());
      return EMPTY;
    }
    return (this.tx ?? this.db).execute({ sql, args });
  }

  private async batch(steps: { condition?: Cond; stmt: HranaStmt }[], state: StreamState) {
    const results: (ReturnType<typeof stmtResult> | null)[] = [];
    const errors: (HranaError | null)[] = [];
    const holds = (c: Cond): boolean => {
      switch (c.type) {
        case 'ok':
          return results[c.step] != null;
        case 'error':
          return errors[c.step] != null;
        case 'not':
          return !holds(c.cond);
        case 'and':
          return c.conds.every(holds);
        case 'or':
          return c.conds.some(holds);
        case 'is_autocommit':
          return this.tx === null;
      }
    };
    for (const step of steps) {
      if (step.condition && !holds(step.condition)) {
        results.push(null);
        errors.push(null);
        continue;
      }
      try {
        results.push(stmtResult(await this.execute(step.stmt, state)));
        errors.push(null);
      } catch (err) {
        results.push(null);
        errors.push(errorOf(err));
      }
    }
    return { step_results: results, step_errors: errors };
  }
}
