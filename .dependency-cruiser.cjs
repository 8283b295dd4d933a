/**
 * The house rules (DESIGN.md, "Boundaries"), checked on every `npm test`. Arrows point down:
 * functions → pillar → networks → platform → contracts. There is no exceptions list: a
 * violation is fixed in the code, never allowed here.
 */
const PILLARS = '(publishing|analytics|listening|advertising|strategy)';
const OUTSIDE_SHARED = '^(infra|functions|local|cli|bench|test)/';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Two modules that need each other are one idea, or need a third they both use.', from: {}, to: { circular: true } },
    {
      name: 'no-orphans', severity: 'error', comment: 'A module nothing imports is dead code (entry points are named in pathNot: handlers, mains, configs).',
      from: {
        orphan: true,
        pathNot: [
          '(^|/)\\.[^/]+\\.(c|m)?js$', '\\.d\\.ts$', '(^|/)tsconfig\\.json$', '^vitest\\.config\\.ts$',
          '^functions/[^/]+/[^/]+\\.ts$', '^infra/app\\.ts$', '^local/main\\.ts$', '^local/lambda/lambda-worker\\.ts$',
          '^bench/run\\.ts$', '^bench/fixtures/', '^bin/', '^test/',
        ],
      },
      to: {},
    },
    {
      name: 'contracts-import-nothing-of-the-project', severity: 'error', comment: 'Contracts are what everyone agrees on; they depend on nothing of ours.',
      from: { path: '^shared/contracts/' }, to: { path: ['^shared/(?!contracts/)', OUTSIDE_SHARED] },
    },
    {
      name: 'platform-imports-only-contracts', severity: 'error', comment: 'Table primitives, clients, config, errors, middleware and time know no pillar and no network.',
      from: { path: '^shared/platform/' }, to: { path: ['^shared/(?!platform/|contracts/)', OUTSIDE_SHARED] },
    },
    {
      name: 'networks-below-the-pillars', severity: 'error', comment: 'Network adapters and accounts serve every pillar, so they import none.',
      from: { path: '^shared/networks/' }, to: { path: [`^shared/${PILLARS}/`, OUTSIDE_SHARED] },
    },
    {
      name: 'a-pillar-never-imports-another', severity: 'error', comment: 'What one pillar needs from another arrives as a catalogue event or through shared/contracts.',
      from: { path: `^shared/${PILLARS}/` }, to: { path: `^shared/${PILLARS}/`, pathNot: '^shared/$1/' },
    },
    {
      name: 'shared-never-imports-the-outside', severity: 'error', comment: 'Nothing under shared/ knows the CDK app, the handlers, the local runtime, the CLI, benches or tests.',
      from: { path: '^shared/' }, to: { path: OUTSIDE_SHARED },
    },
    {
      name: 'a-handler-imports-its-pillars-public-face', severity: 'error', comment: "A handler reaches its pillar only through the pillar's index.ts, plus platform and contracts.",
      from: { path: `^functions/${PILLARS}/` }, to: { path: '^shared/', pathNot: ['^shared/$1/index\\.ts$', '^shared/platform/', '^shared/contracts/'] },
    },
    {
      name: 'core-handlers-import-accounts-platform-contracts', severity: 'error', comment: 'Brand-wide routes (accounts, settings, alerts, the API document) use no pillar.',
      from: { path: '^functions/core/' }, to: { path: '^shared/', pathNot: ['^shared/networks/accounts/index\\.ts$', '^shared/platform/', '^shared/contracts/'] },
    },
    {
      name: 'infra-is-the-cdk-app-only', severity: 'error', comment: 'The CDK app reads contracts (events, routes, names) and nothing of the domain, the handlers or the local runtime.',
      from: { path: '^infra/' }, to: { path: ['^shared/(?!contracts/)', '^(functions|local|cli|bench|test)/'] },
    },
    {
      name: 'local-is-used-by-the-dev-command-tests-and-benches', severity: 'error', comment: 'The local runtime is never deployed, so nothing deployable imports it.',
      from: { pathNot: ['^local/', '^test/', '^bench/', '^cli/commands/dev\\.ts$'] }, to: { path: '^local/' },
    },
    {
      name: 'handlers-are-not-imported', severity: 'error', comment: 'A handler is an entry point; shared logic lives under shared/.',
      from: { pathNot: ['^test/', '^bench/'] }, to: { path: '^functions/' },
    },
    { name: 'no-undeclared-dependencies', severity: 'error', comment: 'Every package we import is in package.json.', from: {}, to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] } },
    {
      name: 'deployed-code-uses-no-dev-dependencies', severity: 'error', comment: 'A Lambda bundle cannot carry a devDependency.',
      from: { path: '^(shared|functions)/' }, to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdk\\.out|\\.pillars)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.json'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
