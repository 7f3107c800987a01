// Server-rendered pages: one layout, escaping, and the headers every dashboard answer carries.
import type { Context } from 'hono';

/** Own files only and nothing inline: no script a figure's text could smuggle in can run. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Never framed, cached, sniffed or told where it was opened from. */
export function dashboardHeaders(c: Context): void {
  c.header('Content-Security-Policy', DASHBOARD_CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Frame-Options', 'DENY');
  c.header('Cache-Control', 'no-store');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML (element content and quoted attributes). */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

export interface Layout {
  title: string;
  /** Already escaped HTML. */
  body: string;
  scripts?: string[];
  /** Whether the page draws charts (loads uPlot and its stylesheet). */
  charts?: boolean;
}

/** The whole page: the viewport for phones, the dashboard's own files, nothing from elsewhere. */
export function page({ title, body, scripts = [], charts = false }: Layout): string {
  const css = [...(charts ? ['uPlot.min.css'] : []), 'dashboard.css'];
  const js = [...(charts ? ['uPlot.iife.min.js', 'charts.js'] : []), ...scripts];
  return [
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${esc(title)} · 先锋助手看板</title>`,
    ...css.map((f) => `<link rel="stylesheet" href="/dashboard/assets/${f}">`),
    ...js.map((f) => `<script src="/dashboard/assets/${f}" defer></script>`),
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
  ].join('\n');
}

/** A page that only says something (signed out, forbidden, not found). */
export function messagePage(title: string, lines: string[]): string {
  const body = `<main class="message"><h1>${esc(title)}</h1>${lines.map((l) => `<p>${esc(l)}</p>`).join('')}</main>`;
  return page({ title, body });
}
