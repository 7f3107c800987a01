import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Drives the playground page the way a person would, waiting on the page instead of sleeping. */
export class Playground {
  readonly errors: string[] = [];

  constructor(readonly page: Page) {
    page.on('pageerror', (err) => this.errors.push(`pageerror: ${err.message}`));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) this.errors.push(`console: ${m.text()}`);
    });
  }

  static async open(context: BrowserContext, url: string): Promise<Playground> {
    const pg = new Playground(await context.newPage());
    await pg.page.goto(url);
    await pg.page.locator('body[data-ready="true"]').waitFor();
    return pg;
  }

  get log() {
    return this.page.getByTestId('log');
  }

  /** Texts of the bot's messages in the open chat, as shown. */
  botTexts(): Promise<string[]> {
    return this.log.locator('[data-testid="bot-msg"] [data-role="text"]').allTextContents();
  }

  async persona(id: string): Promise<void> {
    await this.page.getByTestId('persona').selectOption(id);
  }

  async chat(id: string): Promise<void> {
    await this.page.getByTestId(`chat-${id}`).click();
    await this.page.locator(`[data-testid="chat-${id}"][aria-current="true"]`).waitFor();
  }

  /**
   * Types `text`, presses Enter and waits until the page has the answer (status done or error);
   * returns the bot messages that appeared in the open chat meanwhile.
   */
  async send(text: string, expectStatus: 'done' | 'error' = 'done'): Promise<string[]> {
    const users = this.log.getByTestId('user-msg');
    const n = await users.count();
    const before = (await this.botTexts()).length;
    await this.page.getByTestId('input').fill(text);
    await this.page.getByTestId('input').press('Enter');
    const row = users.nth(n);
    await this.page.waitForFunction((i) => {
      const s = document
        .querySelectorAll('[data-testid="log"] [data-testid="user-msg"]')
        [i]?.getAttribute('data-status');
      return s === 'done' || s === 'error';
    }, n);
    expect(await row.getAttribute('data-status')).toBe(expectStatus);
    expect(await row.locator('[data-role="text"]').textContent()).toBe(text);
    expect(await this.page.getByTestId('input').inputValue()).toBe('');
    return (await this.botTexts()).slice(before);
  }

  /**
   * Picks a file with the page's 照片 button (as a person choosing one in the file dialog) and
   * waits until the page has the answer; returns the bot messages that appeared meanwhile.
   */
  async sendFile(file: { name: string; mimeType: string; buffer: Buffer }): Promise<string[]> {
    const users = this.log.getByTestId('user-msg');
    const n = await users.count();
    const before = (await this.botTexts()).length;
    await this.page.getByTestId('file').setInputFiles(file);
    await this.page.waitForFunction((i) => {
      const s = document
        .querySelectorAll('[data-testid="log"] [data-testid="user-msg"]')
        [i]?.getAttribute('data-status');
      return s === 'done' || s === 'error';
    }, n);
    expect(await users.nth(n).getAttribute('data-status')).toBe('done');
    expect(await users.nth(n).locator('[data-role="text"]').textContent()).toBe(`[文件] ${file.name}`);
    return (await this.botTexts()).slice(before);
  }

  /** Sends and expects exactly one bot reply in the open chat. */
  async ask(text: string): Promise<string> {
    const replies = await this.send(text);
    expect(replies, `one reply to "${text}"`).toHaveLength(1);
    return replies[0]!;
  }
}
