/** The files of the playground page (./page/), served under /playground/ (the HTML at /). */
export const PAGE_FILES: ReadonlyMap<string, string> = new Map([
  ['index.html', 'text/html; charset=utf-8'],
  ['page.css', 'text/css; charset=utf-8'],
  ['main.js', 'text/javascript; charset=utf-8'],
  ['store.js', 'text/javascript; charset=utf-8'],
  ['render.js', 'text/javascript; charset=utf-8'],
  ['files.js', 'text/javascript; charset=utf-8'],
  ['token.js', 'text/javascript; charset=utf-8'],
  ['problems.js', 'text/javascript; charset=utf-8'],
  ['text.js', 'text/javascript; charset=utf-8'],
  ['favicon.svg', 'image/svg+xml'],
]);

/** Each page file's text, by name. */
export type PageAssets = ReadonlyMap<string, string>;
