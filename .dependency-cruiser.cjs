/**
 * The README's one-way flow, as a rule the build checks (`npm run lint:deps`, part of `npm test`):
 * config -> db -> seed -> scenarios -> load -> results -> reporters, with the CLI on top of all.
 * test/unit/dependency-rules.test.ts plants each forbidden import and shows this check fails.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules form no circles: each room can be read (and tested) from the bottom up.',
      from: { path: '^(src|seed|scenarios)/' },
      to: { circular: true },
    },
    {
      name: 'no-library-to-cli',
      severity: 'error',
      comment: 'Nothing below the CLI imports it: the library is usable without commander or exit codes.',
      from: { path: '^(src|seed|scenarios)/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'load-generator-never-renders',
      severity: 'error',
      comment:
        'The load generator emits events and returns results; it never imports a reporter, the A/B orchestration, verify or the progress display.',
      from: { path: '^src/load/' },
      to: { path: '^src/(reporters|phases|verify|progress|cli)/' },
    },
    {
      name: 'drivers-never-render',
      severity: 'error',
      comment:
        'The demo API and the HTTP driver serve and measure; like the load generator they never import a reporter, the A/B orchestration, verify or the progress display.',
      from: { path: '^src/(serve|http-driver)/' },
      to: { path: '^src/(reporters|phases|verify|progress|cli|micro)/' },
    },
    {
      name: 'reporters-are-pure',
      severity: 'error',
      comment:
        'Reporters are pure functions of result types: they import results, pure helpers (util) and the target vocabulary, nothing that talks to a database or runs load.',
      from: { path: '^src/reporters/' },
      to: {
        path: '^(src|seed|scenarios)/',
        pathNot: '^src/(reporters|results|util)/|^src/scenarios/targets\\.ts$|^src/config/pool\\.ts$',
      },
    },
    {
      name: 'results-are-data',
      severity: 'error',
      comment:
        'Results are typed data and pure rules over it: they never reach up to load, phases, verify, reporters or a database.',
      from: { path: '^src/results/' },
      to: { path: '^src/(load|phases|verify|reporters|progress|cli|db|indexes|inspect|seed)/' },
    },
    {
      name: 'flow-config-is-the-bottom',
      severity: 'error',
      comment:
        'config and util sit under everything: they import only each other, and the requirement as data (its tables and index catalogue, which a config extends).',
      from: { path: '^src/(config|util)/' },
      to: {
        path: '^(src|seed|scenarios)/',
        pathNot: '^src/(config|util|sql)/|^seed/(catalogue|tables)\\.ts$',
      },
    },
    {
      name: 'sql-is-a-pure-helper',
      severity: 'error',
      comment:
        'The SQL parser and its tree readers sit beside util: they import only util, so config, scenarios, verify and advise all read SQL the same way.',
      from: { path: '^src/sql/' },
      to: { path: '^(src|seed|scenarios)/', pathNot: '^src/(sql|util)/' },
    },
    {
      name: 'flow-db-before-run',
      severity: 'error',
      comment:
        'db (connections, targets, the embedded server) comes before seeding, scenarios, load and results.',
      from: { path: '^src/db/' },
      to: { path: '^src/(seed|scenarios|load|phases|verify|results|reporters|progress|indexes|inspect)/' },
    },
    {
      name: 'flow-seed-before-scenarios',
      severity: 'error',
      comment: 'Seeding is apart from running: it never imports scenarios, load, phases or reporters.',
      from: { path: '^(src/seed|seed)/' },
      to: { path: '^(src/(scenarios|load|phases|verify|reporters|progress|results)|scenarios)/' },
    },
    {
      name: 'twin-sits-with-seed',
      severity: 'error',
      comment:
        'The twin (seed --like) is seeding: it never imports scenarios, load, phases or reporters; only its plan comparison (src/twin/plans.ts) reads scenarios to draw their parameters on the source.',
      from: { path: '^src/twin/', pathNot: '^src/twin/plans\\.ts$' },
      to: { path: '^(src/(scenarios|load|phases|verify|reporters|progress|cli)|scenarios)/' },
    },
    {
      name: 'twin-plans-read-scenarios-only',
      severity: 'error',
      comment: 'The plan comparison reads scenarios and plans; never load, phases, reporters or the CLI.',
      from: { path: '^src/twin/plans\\.ts$' },
      to: { path: '^src/(load|phases|verify|reporters|progress|cli)/' },
    },
    {
      name: 'advise-measures-never-renders',
      severity: 'error',
      comment:
        'advise derives, prunes and measures candidates through the runner (phases, load, indexes, inspect) and returns a result; it never imports a reporter, the progress display, verify or the CLI.',
      from: { path: '^src/advise/' },
      to: {
        path: '^src/(reporters|progress|verify|cli|serve|http-driver|watch|warmup|capacity|checklist|micro)/',
      },
    },
    {
      name: 'advise-is-a-top-room',
      severity: 'error',
      comment:
        'Only the CLI (and the library entry) calls advise: the runner, the indexes and the results never reach up to it.',
      from: { path: '^(src|seed|scenarios)/', pathNot: '^src/(advise|cli)/|^src/(api|index)\\.ts$' },
      to: { path: '^src/advise/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|reports|\\.pgready)/' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: { extensions: ['.ts', '.mts', '.js', '.mjs', '.json'] },
  },
};
