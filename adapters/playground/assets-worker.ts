// The page files as Text modules: wrangler.toml's [[rules]] make each import a string in the
// bundle (declared for tsc in ./text-modules.d.ts). Only the Worker loads this module.
import css from './page/page.css';
import favicon from './page/favicon.svg';
import files from './page/files.js';
import html from './page/index.html';
import main from './page/main.js';
import problems from './page/problems.js';
import render from './page/render.js';
import store from './page/store.js';
import text from './page/text.js';
import token from './page/token.js';
import type { PageAssets } from './page-files.js';

export const PAGE_ASSETS: PageAssets = new Map([
  ['index.html', html],
  ['page.css', css],
  ['main.js', main],
  ['store.js', store],
  ['render.js', render],
  ['files.js', files],
  ['token.js', token],
  ['problems.js', problems],
  ['text.js', text],
  ['favicon.svg', favicon],
]);
