// The dashboard's files as Text modules: wrangler.toml's [[rules]] make each import a string in
// the bundle (declared for tsc in ./text-modules.d.ts). Only the Worker loads this module.
import uplotCss from 'uplot/dist/uPlot.min.css';
import uplotJs from 'uplot/dist/uPlot.iife.min.js';
import branch from './page/branch.js';
import charts from './page/charts.js';
import committee from './page/committee.js';
import css from './page/dashboard.css';
import login from './page/login.js';
import type { Assets } from './files.js';

export const ASSETS: Assets = new Map([
  ['dashboard.css', css],
  ['charts.js', charts],
  ['branch.js', branch],
  ['committee.js', committee],
  ['login.js', login],
  ['uPlot.iife.min.js', uplotJs],
  ['uPlot.min.css', uplotCss],
]);
