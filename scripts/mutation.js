// `npm run mutation`: StrykerJS over the critical modules (issue 29), each mutated against its own
// tests only, one module after another, one test process at a time. A whole run is slow on a small
// machine, so `npm run mutation -- --module statistics` (or several, comma separated) runs a part,
// and `--list` names the modules. Results are kept between runs (Stryker's incremental mode): a
// mutant whose code and tests have not changed is not run again; `--force` runs them all. The HTML
// report of each module is written to reports/mutation/<module>/index.html (git-ignored).
// Scores and the survivors explained are recorded in docs/design/mutation-testing.md.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ensureBuilt, rootDir, stampFile } from './build-state.js'

/**
 * Each critical module: the files mutated (a `:from-to` suffix mutates only those lines) and the
 * tests that stand for it. A test outside the list that would also catch a mutant does not count:
 * the module's own tests must. Each mutant runs its module's tests once, so the files mutated are
 * those holding decisions whose tests need no app or database; what only reads and writes is left
 * to the app's tests (docs/design/mutation-testing.md says which, for each module).
 */
const modules = {
  'sign-in': {
    what: 'sign-in and sessions: the form, the next path, refusals, limits, the session lifetime and its new id',
    mutate: ['src/platform/auth/forms.ts', 'src/platform/auth/sign-in-rules.ts'],
    tests: ['src/platform/auth/forms.test.ts', 'src/platform/auth/sign-in-rules.test.ts'],
  },
  roles: {
    what: 'roles: which roles may do what',
    mutate: ['src/platform/auth/roles.ts'],
    tests: ['src/platform/auth/roles.test.ts'],
  },
  guards: {
    what: 'guards: each route refuses the roles its rule leaves out, and sends strangers to sign in',
    mutate: ['src/platform/auth/guards.ts', 'src/platform/auth/route-access.ts'],
    tests: ['src/platform/auth/guards.test.ts', 'src/platform/auth/route-access.test.ts'],
  },
  csrf: {
    what: 'CSRF: every unsafe request carries a token made from the signed cookie',
    mutate: ['src/platform/http/csrf.ts'],
    tests: ['src/platform/http/csrf.test.ts'],
  },
  audit: {
    what: 'the audit chain: what an entry hashes, how entries link, where a chain stops holding, changes',
    mutate: ['src/platform/audit/audit-chain.ts', 'src/platform/audit/changes.ts'],
    tests: ['src/platform/audit/audit-chain.test.ts', 'src/platform/audit/changes.test.ts'],
  },
  submit: {
    what: 'submit: the envelope (submission key, version), what is typed back, receipt references',
    mutate: ['src/features/responses/submission-checks.ts', 'src/features/responses/receipt-reference.ts'],
    tests: [
      'src/features/responses/submission-checks.test.ts',
      'src/features/responses/receipt-reference.test.ts',
    ],
  },
  lifecycle: {
    what: 'admission and lifecycle times: status moves, open periods, when a form is open',
    mutate: [
      'src/features/consultations/setup/lifecycle.ts',
      'src/features/consultations/setup/open-periods.ts',
      'src/features/responses/online/journey.ts',
    ],
    tests: [
      'src/features/consultations/setup/lifecycle.test.ts',
      'src/features/consultations/setup/open-periods.test.ts',
      'src/features/responses/online/journey.test.ts',
    ],
  },
  'late-returns': {
    what: 'late paper returns: the postal deadline and which UK day is late',
    mutate: ['src/features/responses/paper/late-returns.ts'],
    tests: ['src/features/responses/paper/late-returns.test.ts'],
  },
  answers: {
    what: 'answer validation and routing: what each question accepts, which questions are shown',
    mutate: ['src/features/responses/answer-validation.ts', 'src/questionnaire/rules.ts'],
    tests: ['src/features/responses/answer-validation.test.ts', 'src/questionnaire/rules.test.ts'],
  },
  'import-rows': {
    what: 'import row conversion: a spreadsheet row into a response, or the reasons it is not one',
    mutate: ['src/features/responses/imports/rows.ts'],
    tests: ['src/features/responses/imports/rows.test.ts'],
  },
  statistics: {
    what: "statistics: chi-squared, Cochran's rule, Holm's correction, cell significance",
    mutate: ['src/features/analysis/results/statistics.ts'],
    tests: ['src/features/analysis/results/statistics.test.ts'],
  },
  suppression: {
    what: 'suppression: small counts hidden, and hidden again until subtraction gives none away',
    mutate: ['src/platform/disclosure/suppression.ts'],
    tests: ['src/platform/disclosure/suppression.test.ts'],
  },
  agreement: {
    what: "agreement: Cohen's kappa and the other measures between two coders",
    mutate: ['src/features/analysis/coding/agreement.ts'],
    tests: ['src/features/analysis/coding/agreement.test.ts'],
  },
  duplicates: {
    what: 'duplicate detection: identity normalised, record linkage, answer similarity, bursts, groups',
    mutate: [
      'src/platform/identity/normalise.ts',
      'src/features/participation/duplicates/linkage.ts',
      'src/features/participation/duplicates/duplicates.ts',
      'src/features/participation/duplicates/answer-features.ts',
      'src/features/participation/duplicates/union-find.ts',
    ],
    tests: [
      'src/platform/identity/normalise.test.ts',
      'src/features/participation/duplicates/linkage.test.ts',
      'src/features/participation/duplicates/duplicates.test.ts',
      'src/features/participation/duplicates/answer-features.test.ts',
      'src/features/participation/duplicates/union-find.test.ts',
    ],
  },
}

function parseArguments(argv) {
  const chosen = []
  let force = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--force') force = true
    else if (arg === '--list') {
      for (const [name, module] of Object.entries(modules)) console.log(`${name.padEnd(14)} ${module.what}`)
      process.exit(0)
    } else if (arg === '--module' || arg === '-m') chosen.push(...(argv[++i] ?? '').split(','))
    else if (arg.startsWith('--module=')) chosen.push(...arg.slice('--module='.length).split(','))
    else {
      console.error(`Unknown argument ${arg}. Use --module <name>[,<name>...], --force or --list.`)
      process.exit(2)
    }
  }
  const unknown = chosen.filter((name) => !(name in modules))
  if (unknown.length > 0) {
    console.error(`No module called ${unknown.join(', ')}. Modules: ${Object.keys(modules).join(', ')}`)
    process.exit(2)
  }
  return { names: chosen.length > 0 ? chosen : Object.keys(modules), force }
}

/** Stryker's mutation score: mutants detected (killed or timed out) out of those that could run. */
function score(results) {
  const count = (...statuses) => results.filter((r) => statuses.includes(r.status)).length
  const detected = count('Killed', 'Timeout')
  const undetected = count('Survived', 'NoCoverage')
  const total = detected + undetected
  return { detected, undetected, total, percent: total === 0 ? 100 : (100 * detected) / total }
}

const { names, force } = parseArguments(process.argv.slice(2))
// The tests run the sources; of dist/ they read only what does not follow a mutant (the stylesheet),
// so one built once will do, and a source edited between runs does not cost a rebuild.
if (!existsSync(stampFile)) ensureBuilt()
// The test files run on their own, not through scripts/run-tests.js, so they get its quiet logs here.
process.env.LOG_LEVEL ??= 'silent'
const { Stryker } = await import('@stryker-mutator/core')

const summary = []
for (const name of names) {
  const module = modules[name]
  const reportDir = path.join(rootDir, 'reports', 'mutation', name)
  mkdirSync(reportDir, { recursive: true })
  console.log(`\n== ${name}: ${module.what}`)
  const stryker = new Stryker({
    mutate: module.mutate,
    testRunner: 'tap',
    tap: { testFiles: module.tests, nodeArgs: ['--import', 'tsx', '--test-reporter=tap'], forceBail: true },
    coverageAnalysis: 'perTest',
    // Other work shares the machine: one test process at a time.
    concurrency: 1,
    timeoutMS: 20_000,
    reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
    htmlReporter: { fileName: path.join(reportDir, 'index.html') },
    jsonReporter: { fileName: path.join(reportDir, 'mutation.json') },
    incremental: true,
    incrementalFile: path.join(reportDir, 'incremental.json'),
    force,
    thresholds: { high: 90, low: 85, break: null },
    // Stryker rewrites the sandbox's tsconfig.json through the TypeScript compiler's JavaScript API,
    // which TypeScript 7 no longer has; ours points at nothing outside the project, so it needs no
    // rewriting, and naming a file that does not exist skips the step.
    tsconfigFile: 'no-tsconfig-rewrite.json',
    tempDirName: '.stryker-tmp',
    cleanTempDir: 'always',
    // Anchored at the root: a bare 'reports' would also leave src/features/reports out of the sandbox.
    ignorePatterns: ['/data', '/bench-results', '/test-results', '/reports', '/docs'],
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  })
  const results = await stryker.runMutationTest()
  const result = score(results)
  summary.push({ name, ...result })
  writeFileSync(path.join(reportDir, 'score.json'), `${JSON.stringify(result, null, 2)}\n`)
}

console.log('\nmodule          score   detected/total')
for (const { name, percent, detected, total } of summary) {
  console.log(`${name.padEnd(15)} ${percent.toFixed(1).padStart(5)}%  ${detected}/${total}`)
}
