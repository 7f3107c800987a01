import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's `chromium` package, used when the machine has it. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const require = createRequire(import.meta.url);

/**
 * Where the browser comes from: CHROMIUM_PATH when set, else Debian's Chromium when installed, else
 * the headless Chromium shipped inside the `@sparticuz/chromium` npm package (a fresh machine and CI
 * have no system browser, and nothing may be downloaded at run time; `npm ci` alone brings it).
 */
export function chromiumSource(): 'env' | 'system' | 'package' {
  if (process.env.CHROMIUM_PATH) return 'env';
  return existsSync(SYSTEM_CHROMIUM) ? 'system' : 'package';
}

/** The binary to drive; for the packaged browser, unpacked once per version into the temp folder. */
export function chromiumPath(): string {
  const source = chromiumSource();
  if (source === 'env') return process.env.CHROMIUM_PATH!;
  if (source === 'system') return SYSTEM_CHROMIUM;
  return unpackedChromium();
}

/** True when a Chromium binary is there to drive (the packaged one always is after `npm ci`). */
export function hasChromium(): boolean {
  try {
    return existsSync(chromiumPath());
  } catch {
    return false;
  }
}

/**
 * Unpacks the packaged browser (brotli files in the package) into `<tmp>/pioneer-chromium-<version>`.
 * The package always unpacks into os.tmpdir(), so a child process does it with TMPDIR pointing at a
 * fresh staging folder, which is then renamed into place: test processes running at the same time
 * never see a half-written binary, and a newer package version never reuses an older binary.
 */
function unpackedChromium(): string {
  const entry = require.resolve('@sparticuz/chromium');
  // The package exports no ./package.json; it sits two folders above build/cjs/index.cjs.
  const manifest = join(dirname(entry), '..', '..', 'package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const dir = join(tmpdir(), `pioneer-chromium-${version}`);
  const binary = join(dir, 'chromium');
  if (existsSync(binary)) return binary;
  const staging = mkdtempSync(join(tmpdir(), 'pioneer-chromium-staging-'));
  try {
    const script = `require(${JSON.stringify(entry)}).executablePath().then((p) => process.stdout.write(p))`;
    const unpacked = execFileSync(process.execPath, ['-e', script], {
      env: { ...process.env, TMPDIR: staging },
      encoding: 'utf8',
    });
    if (unpacked !== join(staging, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${unpacked}`);
    try {
      renameSync(staging, dir);
    } catch (err) {
      // Another process renamed its copy into place first: use that one.
      if (!existsSync(binary)) throw err;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}

/** Launches headless Chromium with nothing that reaches out to the network by itself. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // The pages are read in Chinese; and under LANG=C.UTF-8 (with the env below) the default
      // locale, en-US@posix, is one Chromium's Intl refuses (RangeError on every toLocaleString).
      '--lang=zh-CN',
    ],
    env: { ...process.env, LANG: 'zh_CN.UTF-8', LC_ALL: 'zh_CN.UTF-8' },
  });
}
