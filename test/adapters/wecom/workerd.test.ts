import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/contracts/time.js';
import { inviteCode } from '../../helpers/core.js';
import { startFakeWecomApi, type FakeWecomApi } from '../../helpers/fake-wecom-api.js';
import { AES_KEY, messageBody, sealed, TOKEN, WecomSender } from '../../helpers/wecom-callbacks.js';
import { startLocalWorker, type LocalWorker } from '../../helpers/worker.js';

// The adapter's URL callback mode on the Worker in workerd (WECOM_MODE unset: webhook there),
// answering through response_urls and sending a notice through a group robot from the cron job.
let w: LocalWorker;
let api: FakeWecomApi;
let sender: WecomSender;

beforeAll(async () => {
  api = await startFakeWecomApi(() => Date.now());
  w = await startLocalWorker({
    PIONEER_ADMINS: 'wecom:admin',
    WECOM_TOKEN: TOKEN,
    WECOM_AES_KEY: AES_KEY,
    WECOM_API_BASE: api.url,
  });
  sender = new WecomSender({ request: (path: string, init?: RequestInit) => w.fetch(path, init) }, systemClock);
}, 120_000);

afterAll(async () => {
  await w?.close();
  await api?.close();
});

const waitFor = async <T>(find: () => T | undefined): Promise<T> => {
  for (let i = 0; i < 300; i++) {
    const hit = find();
    if (hit !== undefined) return hit;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
};

/** One signed callback; resolves with the answer posted to its response_url. */
async function say(from: string, text: string, chat?: string): Promise<string> {
  const responseUrl = api.responseUrl();
  const res = await sender.post(messageBody({ from, text, responseUrl, ...(chat ? { chat } : {}) }));
  expect(res.status).toBe(200);
  const path = new URL(responseUrl).pathname;
  return (await waitFor(() => api.responses.find((r) => r.url === path))).body.markdown!.content;
}

describe('WeCom URL callbacks on the Worker in workerd', () => {
  it('answers the URL check, refuses a wrong signature and a wrong receive id', async () => {
    const ok = await sender.urlCheck('echo-on-workerd');
    expect(await ok.text()).toBe('echo-on-workerd');
    const body = messageBody({ from: 'admin', text: '我的', responseUrl: api.responseUrl() });
    expect((await sender.post(body, { token: 'nope' })).status).toBe(401);
    expect((await sender.post(body, { receiveId: 'ww_corp' })).status).toBe(401);
  });

  it('runs commands by callbacks; the same callback 5 times has one effect', async () => {
    expect(await say('admin', '建组织 第一支部')).toContain('已创建支部「第一支部」');
    expect(await say('admin', '@先锋助手 绑定 第一支部', 'wrW1')).toContain('本群已绑定到「第一支部」');
    const code = inviteCode(await say('admin', '邀请 党员 第一支部'));
    const responseUrl = api.responseUrl();
    const { query, encrypted } = sealed(
      JSON.stringify(messageBody({ from: 'zhang', text: `加入 ${code} 张三`, msgid: 'm_w5', responseUrl })),
      systemClock,
    );
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ encrypt: encrypted }),
    };
    for (let i = 0; i < 5; i++) expect((await w.fetch(`/webhooks/wecom?${query}`, init)).status).toBe(200);
    const path = new URL(responseUrl).pathname;
    expect((await waitFor(() => api.responses.find((r) => r.url === path))).body.markdown!.content).toContain(
      '欢迎 张三',
    );
    expect(await say('admin', '成员 第一支部')).toContain('张三');
    expect(api.responses.filter((r) => r.url === path)).toHaveLength(1);
  });

  it('sends a notice through a bound group robot from the cron job', async () => {
    const key = '11111111-2222-4333-8444-555555555555';
    expect(await say('admin', `绑定 第一支部 群机器人 ${key}`)).toContain('已把群机器人绑定到「第一支部」');
    expect(await say('admin', '通知 周五集中学习 到 第一支部')).toContain('通知草稿');
    expect(await say('admin', '确认发送')).toContain('已发往');
    expect((await w.scheduled()).status).toBe(200);
    const sent = await waitFor(() => api.robotSends.find((s) => s.key === key));
    expect(sent.body.markdown!.content).toContain('周五集中学习');
    expect((await w.scheduled()).status).toBe(200);
    expect(api.robotSends.filter((s) => s.key === key)).toHaveLength(1);
  });
});
