import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listeningUrl } from '../../../src/contracts/config/env.js';
import { loadConfig } from '../../../src/contracts/config/index.js';
import { playgroundConfig } from '../../../adapters/playground/config.js';
import { startNode, type NodeChild } from '../../helpers/node-child.js';

// PUBLIC_URL unset: the links the bot sends point where it listens, so PORT alone moves them.
describe('PUBLIC_URL defaults to the address the bot listens on', () => {
  it('in the core and the playground config alike; a set PUBLIC_URL wins', () => {
    expect(loadConfig({ PORT: '18787' }).PUBLIC_URL).toBe('http://127.0.0.1:18787');
    expect(loadConfig({}).PUBLIC_URL).toBe('http://127.0.0.1:8787');
    expect(loadConfig({ HOST: 'localhost', PORT: '9000' }).PUBLIC_URL).toBe('http://localhost:9000');
    expect(loadConfig({ PORT: '9000', PUBLIC_URL: ' ' }).PUBLIC_URL).toBe('http://127.0.0.1:9000');
    expect(loadConfig({ PORT: '9000', PUBLIC_URL: 'https://x.example.org' }).PUBLIC_URL).toBe('https://x.example.org');
    expect(() => loadConfig({ PUBLIC_URL: 'not a url' })).toThrow(/PUBLIC_URL/);
    expect(playgroundConfig({ PORT: '18787' }).PUBLIC_URL).toBe('http://127.0.0.1:18787');
    expect(listeningUrl('0.0.0.0', 80)).toBe('http://127.0.0.1:80');
    expect(listeningUrl('::1', 8080)).toBe('http://[::1]:8080');
  });

  describe('through the Node runtime (src/runtime/node.ts) on a port other than 8787', () => {
    let dir: string;
    let child: NodeChild;
    const output: string[] = [];
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'pioneer-public-url-'));
      child = await startNode({ NODE_ENV: 'development', DATABASE_URL: `file:${join(dir, 'p.db')}` }, dir, output);
    }, 90_000);
    afterAll(async () => {
      child?.proc.kill('SIGTERM');
      await child?.exited;
      rmSync(dir, { recursive: true, force: true });
    });

    let seq = 0;
    const say = async (text: string, chatId = 'admin') => {
      const res = await fetch(`${child.url}/playground/send`, {
        method: 'POST',
        headers: { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
        body: JSON.stringify({
          platform: 'playground',
          chatId,
          chatType: chatId === 'admin' ? 'direct' : 'group',
          senderId: 'admin',
          senderName: '管理员',
          messageId: `u-${++seq}`,
          text,
        }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { replies: { text: string }[] };
      return body.replies.map((r) => r.text).join('\n');
    };

    it('sends export links on its own port, and they download', async () => {
      expect(child.url).not.toContain(':8787');
      await say('建组织 泰山区某社区党委');
      await say('建组织 第一支部 泰山区某社区党委');
      const text = await say('导出 本季度 第一支部');
      const csv = /CSV：(\S+)/.exec(text)?.[1];
      expect(csv, text).toBeDefined();
      expect(new URL(csv!).origin).toBe(child.url);
      const res = await fetch(csv!);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
    });
  });
});
