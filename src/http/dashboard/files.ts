/** The dashboard's static files, served under /dashboard/assets/: its own (./page/) and uPlot's. */
export const ASSET_FILES: ReadonlyMap<string, string> = new Map([
  ['dashboard.css', 'text/css; charset=utf-8'],
  ['charts.js', 'text/javascript; charset=utf-8'],
  ['branch.js', 'text/javascript; charset=utf-8'],
  ['committee.js', 'text/javascript; charset=utf-8'],
  ['login.js', 'text/javascript; charset=utf-8'],
  ['uPlot.iife.min.js', 'text/javascript; charset=utf-8'],
  ['uPlot.min.css', 'text/css; charset=utf-8'],
]);

/** The chart library's files, read from its npm package (node_modules/uplot/dist/). */
export const UPLOT_FILES: ReadonlySet<string> = new Set(['uPlot.iife.min.js', 'uPlot.min.css']);

/** Each file's text, by name. */
export type Assets = ReadonlyMap<string, string>;
