import qrcodeTerminal from 'qrcode-terminal';
import { ScanStatus, type Wechaty } from 'wechaty';
import type { Logger } from '../../src/contracts/log.js';
import { QR_IMAGE_URL, WECHAT_ERROR_LOG_INTERVAL_MS } from './constants.js';

/** Distinct error messages remembered for the repeat filter. */
const MAX_DISTINCT_ERRORS = 100;

/** Shows a login QR code to whoever runs the bot. */
export type QrPrinter = (qrcode: string, imageUrl: string) => void;

/** Prints the code in the terminal, scannable by a phone, with a link to the same code as an image. */
export const terminalQr: QrPrinter = (qrcode, imageUrl) => {
  qrcodeTerminal.generate(qrcode, { small: true }, (drawing) => {
    console.log(`\n  用微信扫描二维码登录 / Scan with WeChat to log in:\n\n${drawing}\n  ${imageUrl}\n`);
  });
};

export interface LifecycleHooks {
  onLogin?(): void;
  onLogout?(): void;
}

/**
 * Logs the account's life: the QR code to scan (printed), scans, login, logout and errors.
 * Reconnecting is the puppet's: its watchdog resets it when heartbeats stop for 60 s (logged here
 * as an error), and after a logout wechat4u starts a new login by itself, so a new QR code is
 * printed. Meanwhile outbox rows wait (see deliverer.ts) until the account is back.
 */
export function watchLifecycle(bot: Wechaty, log: () => Logger, printQr: QrPrinter, hooks: LifecycleHooks = {}): void {
  bot.on('scan', (qrcode, status) => {
    const state = ScanStatus[status] ?? String(status);
    if (qrcode && (status === ScanStatus.Waiting || status === ScanStatus.Timeout)) {
      const imageUrl = QR_IMAGE_URL + encodeURIComponent(qrcode);
      log().info('wechat: waiting for a scan of the login QR code', { status: state, url: imageUrl });
      printQr(qrcode, imageUrl);
    } else {
      log().info('wechat: login QR code', { status: state });
    }
  });
  bot.on('login', (user) => {
    log().info('wechat: logged in', { userId: user.id, name: user.name() });
    hooks.onLogin?.();
  });
  bot.on('logout', (user, reason) => {
    log().warn('wechat: logged out; sends wait until the account logs in again (scan the new QR code)', {
      userId: user.id,
      reason: reason ?? null,
    });
    hooks.onLogout?.();
  });
  bot.on('ready', () => log().info('wechat: contacts and rooms loaded'));
  // A puppet without a network repeats the same error many times a second: log each message once
  // per interval, with how many repeats were left out.
  const seen = new Map<string, { at: number; repeats: number }>();
  bot.on('error', (err) => {
    const key = err.message;
    const now = Date.now();
    const last = seen.get(key);
    if (last && now - last.at < WECHAT_ERROR_LOG_INTERVAL_MS) {
      last.repeats++;
      return;
    }
    if (seen.size > MAX_DISTINCT_ERRORS) seen.clear();
    seen.set(key, { at: now, repeats: 0 });
    log().error('wechat: error', { err, ...(last?.repeats ? { repeatsNotLogged: last.repeats } : {}) });
  });
}
