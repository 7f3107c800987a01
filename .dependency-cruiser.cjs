/**
 * Layer rules of docs/architecture.md ("Allowed imports, by folder"), checked by `npm run lint`
 * (part of `npm test`). Why dependency-cruiser and how to read a report: docs/tooling.md.
 *
 * Every import between project files counts, `import type` included (tsPreCompilationDeps), because
 * a type import ties the layers together as firmly as a value import does. Each forbidden edge is
 * reported once, under the most specific rule: the per-folder "layer-*" rules leave out the targets
 * a named rule above them already covers.
 */

/** Folders of the product; test/, bench/, scripts/ and the root config files may import anything. */
const PRODUCT = '^(src|commands|adapters)/';
/** Platform SDKs: only adapters (and the runtime that starts them) may touch them. */
const PLATFORM_SDK = '^node_modules/(wechaty|wechaty-puppet[^/]*|@larksuiteoapi/[^/]+)/';

/** A per-folder rule: files under `from` may import, of the product, only what `allowed` matches. */
function layer(name, from, allowed, alsoCoveredBy = []) {
  return {
    name: `layer-${name}`,
    severity: 'error',
    comment: `${from} may import only ${allowed.join(', ')} of the project (docs/architecture.md, "Allowed imports").`,
    from: { path: `^${from}` },
    to: { path: PRODUCT, pathNot: [...allowed.map((a) => `^${a}`), ...alsoCoveredBy] },
  };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycle',
      severity: 'error',
      comment: 'Two folders import each other (directly or round a loop): one of them is in the wrong layer.',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'Files that import each other round a loop at run time: load order decides what is undefined.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-type-cycle',
      // Within a folder a loop of `import type` costs nothing at run time; it is shown, not fatal.
      severity: 'warn',
      comment: 'A loop closed by an `import type`: harmless at run time, but move the shared types into one file.',
      from: {},
      to: { circular: true, via: { dependencyTypes: ['type-only'] } },
    },
    {
      name: 'core-no-platform-sdk',
      severity: 'error',
      comment: 'src/ and commands/ never import wechaty, wechaty-puppet* or @larksuiteoapi/*: adapters do.',
      from: { path: '^(src|commands)/' },
      to: { path: PLATFORM_SDK },
    },
    {
      name: 'contracts-import-nothing',
      severity: 'error',
      comment: 'src/contracts is the bottom layer: it imports nothing of the project.',
      from: { path: '^src/contracts/' },
      to: { path: '^(src|commands|adapters|test|bench|scripts)/', pathNot: '^src/contracts/' },
    },
    {
      name: 'commands-no-db',
      severity: 'error',
      comment: 'Commands reach data only through service functions: never drizzle-orm nor src/db.',
      from: { path: '^commands/' },
      to: { path: ['^node_modules/drizzle-orm/', '^src/db/'] },
    },
    {
      name: 'services-no-commands',
      severity: 'error',
      comment: 'Services hold rules, not chat: never commands/ nor the command engine src/command.',
      from: { path: '^src/services/' },
      to: { path: '^(commands|src/command)/' },
    },
    {
      name: 'adapters-no-db',
      severity: 'error',
      comment: 'Adapters get the CorePort, never the store: no src/db.',
      from: { path: '^adapters/' },
      to: { path: '^src/db/' },
    },
    {
      name: 'adapters-only-contracts',
      severity: 'error',
      comment: 'Adapters import, of the project, only src/contracts and their own folder.',
      from: { path: '^adapters/' },
      to: { path: '^(src|commands)/', pathNot: ['^src/contracts/', '^src/db/'] },
    },
    {
      name: 'adapter-to-other-adapter',
      severity: 'error',
      comment: 'An adapter never imports another adapter.',
      from: { path: '^adapters/([^/]+)/' },
      to: { path: '^adapters/', pathNot: '^adapters/$1/' },
    },
    {
      name: 'product-no-tests',
      severity: 'error',
      comment: 'Product code never imports test/, bench/ or scripts/.',
      from: { path: PRODUCT },
      to: { path: '^(test|bench|scripts)/' },
    },
    layer('db', 'src/db/', ['src/contracts/', 'src/db/']),
    layer('outbox', 'src/outbox/', ['src/contracts/', 'src/db/', 'src/outbox/']),
    layer(
      'services',
      'src/services/',
      ['src/contracts/', 'src/db/', 'src/outbox/', 'src/services/'],
      ['^commands/', '^src/command/'],
    ),
    layer('scheduler', 'src/scheduler/', [
      'src/contracts/',
      'src/db/',
      'src/outbox/',
      'src/services/',
      'src/scheduler/',
    ]),
    layer('command', 'src/command/', ['src/contracts/', 'src/db/', 'src/services/', 'src/command/']),
    layer(
      'commands',
      'commands/',
      [
        'src/command/',
        'src/services/',
        'src/contracts/',
        'src/outbox/enqueue\\.ts$',
        'src/scheduler/scheduler\\.ts$',
        'commands/',
      ],
      ['^src/db/'],
    ),
    layer('http', 'src/http/', [
      'src/contracts/',
      'src/db/',
      'src/outbox/',
      'src/services/',
      'src/command/',
      'src/http/',
    ]),
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    includeOnly: ['^(src|commands|adapters|test|bench|scripts)/', '^node_modules/'],
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts', '.mjs', '.cjs'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    cache: false,
  },
};
