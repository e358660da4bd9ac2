// The boundaries of the code (docs/design/layout.md): a feature uses another only through that
// feature's index.ts; platform and the questionnaire kernel import no feature; production code
// imports no test support; nothing depends in a circle. `npm run lint:deps` checks them, and CI runs it.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'feature-through-index',
      comment: "A feature uses another feature only through that feature's index.ts.",
      severity: 'error',
      from: { path: '^src/features/([^/]+)/' },
      to: {
        path: '^src/features/[^/]+/',
        pathNot: ['^src/features/$1/', '^src/features/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'outside-through-index',
      comment: 'The app, the demo, test support and benchmarks use a feature only through its index.ts.',
      severity: 'error',
      from: { path: '^(src/(app|demo|testing)|bench)/' },
      to: { path: '^src/features/[^/]+/', pathNot: '^src/features/[^/]+/index\\.ts$' },
    },
    {
      name: 'platform-imports-no-feature',
      comment: 'platform/ and questionnaire/ stand below every feature: they import none, nor the app.',
      severity: 'error',
      from: { path: '^src/(platform|questionnaire)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(src/(features|app|demo|testing)|bench)/' },
    },
    {
      name: 'platform-tests-stay-below',
      comment: 'Tests of platform/ and questionnaire/ use test databases, not the whole app.',
      severity: 'error',
      from: { path: '^src/(platform|questionnaire)/.*\\.test\\.ts$' },
      to: { path: '^(src/(features|app|demo)|bench)/' },
    },
    {
      name: 'production-imports-no-test-support',
      comment: 'Code that ships imports neither test support nor the demo fixtures nor benchmarks.',
      severity: 'error',
      from: { path: '^src/(features|platform|questionnaire)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(src/(testing|demo)|bench)/' },
    },
    {
      name: 'app-imports-no-bench',
      comment: 'Benchmarks depend on the app, never the reverse.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^bench/' },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'An import that names no file fails at run time; TypeScript catches most, this catches the rest.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-circular',
      comment:
        'Modules that import each other at run time, directly or round a loop, cannot be understood or tested apart.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    // ESM-only packages (typebox) resolve through their exports' import condition, as node does.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'node', 'default'] },
    // Browser scripts import by URL from what the app serves, not from the module graph.
    exclude: { path: ['^dist/', '^src/platform/http/public/'] },
  },
}
