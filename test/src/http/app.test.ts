import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../../commands/index.js';
import { Registry, defineCommand } from '../../../src/command/define.js';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { z } from 'zod';

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore({ env: { CORE_TOKEN: 'sekrit-token' } });
});
afterEach(async () => {
  await t.close();
});

const base = {
  platform: 'playground',
  chatId: 'g1',
  chatType: 'group',
  senderId: 'u1',
  messageId: 'm-1',
  text: '帮助',
};

function post(body: unknown, opts: { token?: string | null; raw?: boolean } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? 'sekrit-token'}`;
  return Promise.resolve(
    t.app.request('/v1/messages', {
      method: 'POST',
      headers,
      body: opts.raw ? (body as string) : JSON.stringify(body),
    }),
  );
}

async function tableCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [
    'units',
    'members',
    'identities',
    'chat_bindings',
    'invites',
    'invite_uses',
    'audit_log',
    'processed_messages',
  ]) {
    const r = await t.store.client.execute(`SELECT count(*) AS n FROM ${table}`);
    out[table] = Number(r.rows[0]!.n);
  }
  return out;
}

describe('GET /healthz', () => {
  it('answers ok when the database answers', async () => {
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});

describe('POST /v1/messages: bad input never gives a 500', () => {
  const cases: { name: string; body: unknown; raw?: boolean; status: number; field?: string; reply?: RegExp | null }[] =
    [
      { name: 'malformed JSON', body: '{"platform": ', raw: true, status: 400 },
      { name: 'JSON that is not an object', body: '[1,2]', raw: true, status: 400, field: '(body)' },
      { name: 'missing text', body: { ...base, text: undefined }, status: 400, field: 'text' },
      { name: 'missing senderId', body: { ...base, senderId: undefined }, status: 400, field: 'senderId' },
      { name: 'bad chatType', body: { ...base, chatType: 'channel' }, status: 400, field: 'chatType' },
      {
        name: 'mentions of the wrong shape',
        body: { ...base, mentions: [{ name: 'x' }] },
        status: 400,
        field: 'mentions.0.id',
      },
      { name: 'bad sentAt', body: { ...base, sentAt: 'yesterday' }, status: 400, field: 'sentAt' },
      { name: 'text over the limit', body: { ...base, text: 'x'.repeat(20_001) }, status: 400, field: 'text' },
      { name: 'empty text in a group', body: { ...base, text: '' }, status: 200, reply: null },
      { name: '10 KB of text in a group', body: { ...base, text: '签到'.repeat(5000) }, status: 200, reply: null },
      {
        name: '10 KB of text in a direct chat',
        body: { ...base, chatType: 'direct', chatId: 'u1', text: '好'.repeat(10_000) },
        status: 200,
        reply: /帮助/,
      },
      { name: 'unknown command in a group', body: { ...base, text: '今天天气不错' }, status: 200, reply: null },
      {
        name: 'unknown command in a direct chat',
        body: { ...base, chatType: 'direct', chatId: 'u1', text: '帮租' },
        status: 200,
        reply: /你是不是想用：「帮助」/,
      },
      {
        name: 'wrong argument type',
        body: { ...base, senderId: 'admin', text: '邀请 皇帝' },
        status: 200,
        reply: /角色「皇帝」不对[\s\S]*用法：邀请/,
      },
      {
        name: 'missing argument',
        body: { ...base, senderId: 'admin', text: '绑定' },
        status: 200,
        reply: /缺少组织名称[\s\S]*例如：绑定 第一支部/,
      },
      { name: 'bad invite code', body: { ...base, text: '加入 !!! 张三' }, status: 200, reply: /邀请码「!!!」不对/ },
    ];
  it.each(cases)('$name', async (c) => {
    const before = await tableCounts();
    const res = await post(c.body, { raw: c.raw });
    expect(res.status).toBe(c.status);
    const json = (await res.json()) as { error?: string; field?: string; replies?: { text: string }[] };
    if (c.status === 400) {
      expect(typeof json.error).toBe('string');
      if (c.field) expect(json.field).toBe(c.field);
    } else if (c.reply === null) {
      expect(json.replies).toEqual([]);
    } else {
      expect(json.replies?.map((r) => r.text).join('\n')).toMatch(c.reply!);
    }
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses requests without the bearer token, or with a wrong one', async () => {
    expect((await post(base, { token: null })).status).toBe(401);
    expect((await post(base, { token: 'sekrit-tokeN' })).status).toBe(401);
    expect((await post(base)).status).toBe(200);
  });

  it('refuses bodies over the size limit with 413', async () => {
    const res = await post({ ...base, chatName: 'x'.repeat(70_000) });
    expect(res.status).toBe(413);
  });

  it('a member trying an officer command is refused; nothing changes, nothing is audited', async () => {
    const code = await setupBranch(t);
    await t.say({ from: 'u1', text: `加入 ${code} 张三` });
    const before = await tableCounts();
    for (const text of [
      '建组织 第九支部 泰山区某社区党委',
      '绑定 第一支部',
      '解绑',
      '邀请',
      '成员',
      '任命 @张三 书记',
    ]) {
      const res = await post({ ...base, messageId: `deny-${text}`, text });
      const json = (await res.json()) as { replies: { text: string }[] };
      expect(json.replies[0]!.text, text).toMatch(/仅限/);
    }
    expect(await tableCounts()).toEqual(before);
  });

  it('an unexpected failure gets an apology with an error id that is logged with the message', async () => {
    await t.store.client.execute('DROP TABLE units');
    const res = await post({ ...base, senderId: 'admin', messageId: 'boom', text: '建组织 某党委' });
    expect(res.status).toBe(200);
    const { replies } = (await res.json()) as { replies: { text: string }[] };
    const id = /错误编号 ([0-9a-f]{8})/.exec(replies[0]!.text)?.[1];
    expect(id).toBeTruthy();
    expect(t.log.lines.some((l) => l.fields?.errorId === id && l.fields?.messageId === 'boom')).toBe(true);
  });
});

describe('idempotency on platform + messageId', () => {
  it('a repeat returns the first answer and changes nothing', async () => {
    const code = await setupBranch(t);
    const msg = { ...base, chatType: 'direct', chatId: 'u1', messageId: 'join-1', text: `加入 ${code} 张三` };
    const first = await (await post(msg)).json();
    const before = await tableCounts();
    const again = await (await post(msg)).json();
    expect(again).toEqual(first);
    expect(await tableCounts()).toEqual(before);
    // The same id on another platform is another message.
    const other = (await (await post({ ...msg, platform: 'lark' })).json()) as { replies: { text: string }[] };
    expect(other.replies[0]!.text).toContain('已被使用');
  });

  it('20 copies at once have exactly one effect and one answer', async () => {
    const code = await setupBranch(t);
    const msg = { ...base, chatType: 'direct', chatId: 'u1', messageId: 'join-burst', text: `加入 ${code} 张三` };
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(msg).then((r) => r.json())));
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect((answers[0] as { replies: { text: string }[] }).replies[0]!.text).toContain('欢迎 张三');
    const r = await t.store.client.execute("SELECT count(*) AS n FROM members WHERE name = '张三'");
    expect(Number(r.rows[0]!.n)).toBe(1);
    const a = await t.store.client.execute("SELECT count(*) AS n FROM audit_log WHERE action = 'member.join'");
    expect(Number(a.rows[0]!.n)).toBe(1);
  });

  it('20 copies at once through two cores on one database file still have one effect', async () => {
    const code = await setupBranch(t);
    const t2 = await createTestCore({ env: { CORE_TOKEN: 'sekrit-token', DATABASE_URL: `file:${t.dbPath}` } });
    const msg = { ...base, chatType: 'direct', chatId: 'u1', messageId: 'join-two', text: `加入 ${code} 张三` };
    const send = (app: typeof t.app) =>
      Promise.resolve(
        app.request('/v1/messages', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer sekrit-token' },
          body: JSON.stringify(msg),
        }),
      ).then((r) => r.json());
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => send(i % 2 ? t.app : t2.app)));
    for (const a of answers) expect(a).toEqual(answers[0]);
    const r = await t.store.client.execute("SELECT count(*) AS n FROM members WHERE name = '张三'");
    expect(Number(r.rows[0]!.n)).toBe(1);
    await t2.store.close();
  });

  it('two different people racing for one invite: one joins, the other is told it was used', async () => {
    const code = await setupBranch(t);
    const [a, b] = await Promise.all([
      post({
        ...base,
        chatType: 'direct',
        chatId: 'u1',
        senderId: 'u1',
        messageId: 'r1',
        text: `加入 ${code} 张三`,
      }).then((r) => r.json()),
      post({
        ...base,
        chatType: 'direct',
        chatId: 'u2',
        senderId: 'u2',
        messageId: 'r2',
        text: `加入 ${code} 李四`,
      }).then((r) => r.json()),
    ]);
    const texts = [a, b].map((x) => (x as { replies: { text: string }[] }).replies[0]!.text);
    expect(texts.filter((x) => x.includes('欢迎')).length).toBe(1);
    expect(texts.filter((x) => x.includes('已被使用')).length).toBe(1);
  });
});

describe('registry', () => {
  it('is checked once at start: duplicate words throw', () => {
    const dup = defineCommand({
      ...ALL_COMMANDS[0]!,
      params: [],
      name: '加入',
      usage: '加入',
      example: '加入',
      aliases: [],
      schema: z.object({}),
    });
    expect(() => new Registry([...ALL_COMMANDS, dup])).toThrow(/declared by both/);
  });
});
