import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { planRecord } from '../../src/results/plan-fingerprint.ts';
import type { RunResult } from '../../src/results/types.ts';
import { runCli } from '../helpers/cli.ts';
import { runFixture } from '../helpers/report-fixtures.ts';
import { tempDir } from '../helpers/temp.ts';

// The Kubernetes manifests and the image definition cannot run here (no cluster, no container
// engine), so they are parsed and their command lines are handed to the real CLI: every option
// must parse (a usage error would exit 2 before anything else), and what remains is the database
// connection (run) or the real merge of real shard files (merge).

const root = fileURLToPath(new URL('../../', import.meta.url));
const deploy = path.join(root, 'deploy', 'kubernetes');
const NOWHERE = 'postgresql://nobody@127.0.0.1:1/pgready';

interface Container {
  image: string;
  command?: string[];
  args: string[];
  env?: { name: string; valueFrom?: Record<string, Record<string, string>> }[];
  volumeMounts?: { name: string; mountPath: string }[];
}
interface JobSpec {
  completionMode?: string;
  completions?: number;
  parallelism?: number;
  backoffLimitPerIndex?: number;
  template: {
    spec: {
      restartPolicy: string;
      containers: Container[];
      volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
    };
  };
}

function manifests(
  file: string,
): { kind: string; metadata: { name: string }; spec?: unknown; stringData?: Record<string, string> }[] {
  const docs = parseAllDocuments(fs.readFileSync(path.join(deploy, file), 'utf8'));
  for (const doc of docs) assert.deepEqual(doc.errors, [], `${file} is valid YAML`);
  return docs.map((d) => d.toJS());
}

function job(file: string): { spec: JobSpec; container: Container } {
  const [doc] = manifests(file);
  assert.equal(doc?.kind, 'Job');
  const spec = doc!.spec as JobSpec;
  assert.equal(spec.template.spec.restartPolicy, 'Never');
  const container = spec.template.spec.containers[0]!;
  assert.equal(container.command, undefined, 'the image entrypoint (node bin/pgready.js) runs the args');
  return { spec, container };
}

const expand = (args: string[], index: number) =>
  args.map((a) => a.replaceAll('$(JOB_COMPLETION_INDEX)', String(index)));

/** Exit 2 from commander's option parsing, or from a refused flag combination, is a usage error. */
function assertNoUsageError(out: Awaited<ReturnType<typeof runCli>>, what: string): void {
  assert.doesNotMatch(
    out.stderr,
    /error: (unknown option|option '|missing required|too many arguments)|add --help/,
    `${what}: ${out.stderr}`,
  );
}

test('the Indexed Job runs N shards at once, each with --shard $(JOB_COMPLETION_INDEX)/N and the database URL from the Secret', async () => {
  const { spec, container } = job('job.yaml');
  assert.equal(spec.completionMode, 'Indexed');
  const n = spec.completions!;
  assert.ok(n >= 2);
  assert.equal(spec.parallelism, n, 'every shard runs at once (they meet before loading)');
  assert.equal(
    spec.backoffLimitPerIndex,
    0,
    'a shard is never retried alone, and one failing index does not stop the others',
  );
  const shardAt = container.args.indexOf('--shard');
  assert.equal(container.args[0], 'run');
  assert.equal(container.args[shardAt + 1], `$(JOB_COMPLETION_INDEX)/${n}`);
  const index = container.env?.find((e) => e.name === 'JOB_COMPLETION_INDEX');
  assert.equal(
    index?.valueFrom?.fieldRef?.fieldPath,
    "metadata.annotations['batch.kubernetes.io/job-completion-index']",
  );
  const url = container.env?.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef;
  const [secret] = manifests('secret.example.yaml');
  assert.equal(secret?.kind, 'Secret');
  assert.equal(url?.name, secret?.metadata.name);
  assert.ok(
    url?.key && secret?.stringData?.[url.key]?.startsWith('postgresql://'),
    'the Secret holds the URL under that key',
  );
  assert.ok(!container.args.some((a) => a.includes('postgresql://')), 'no URL (or password) in the args');
  const output = container.args[container.args.indexOf('--output') + 1];
  assert.equal(output, '/results/shard-$(JOB_COMPLETION_INDEX).json');
  assert.ok(container.volumeMounts?.some((m) => m.mountPath === '/results'));
  const [pvc] = manifests('results-pvc.yaml');
  assert.equal(spec.template.spec.volumes?.[0]?.persistentVolumeClaim?.claimName, pvc?.metadata.name);

  // The real CLI takes the command line of the first and the last shard: it gets as far as the database.
  for (const i of [0, n - 1]) {
    const out = await runCli(expand(container.args, i), {
      env: { DATABASE_URL: NOWHERE },
      timeoutMs: 60_000,
    });
    assertNoUsageError(out, `shard ${i}`);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /cannot connect to postgresql:\/\/nobody@127\.0\.0\.1:1\/pgready/);
  }
});

test('the merge Job merges exactly the N files the shards write, with --expect-shards N', async () => {
  const n = job('job.yaml').spec.completions!;
  const { container } = job('merge-job.yaml');
  assert.equal(container.args[0], 'merge');
  const files = container.args.filter((a) => a.endsWith('.json') && a.startsWith('/results/shard-'));
  assert.deepEqual(
    files,
    Array.from({ length: n }, (_, i) => `/results/shard-${i}.json`),
  );
  assert.equal(container.args[container.args.indexOf('--expect-shards') + 1], String(n));
  // Real shard files in place of the volume: the merge runs to its verdict (0 or 1), never exit 2.
  const dir = tempDir('pgready-k8s-');
  const plan = planRecord({
    scenarios: ['lead-dashboard-ranking'],
    phases: ['with'],
    mixed: false,
    load: {
      model: 'open',
      ratePerSec: 2000,
      arrival: 'poisson',
      durationMs: 60_000,
      warmupMs: 10_000,
      stages: [],
      instances: 2 * n,
      protocol: 'extended',
    },
    seed: 42,
    pool: { baseSize: 20, maxOverflow: 80 },
    target: { database: 'crm', user: 'pgready', systemIdentifier: null },
  });
  for (let i = 0; i < n; i++) {
    const r: RunResult = { ...runFixture('run-ready'), shard: { index: i, count: n }, plan };
    fs.writeFileSync(path.join(dir, `shard-${i}.json`), JSON.stringify(r));
  }
  const out = await runCli(
    container.args.map((a) => a.replace(/^\/results\//, `${dir}/`)),
    { timeoutMs: 60_000 },
  );
  assertNoUsageError(out, 'merge');
  assert.equal(out.code, 0, out.stderr);
  assert.ok(fs.existsSync(path.join(dir, 'merged.json')));
});

test('the image runs pgready from the files it copies, as an unprivileged user, tagged as the Jobs use it', async () => {
  const text = fs.readFileSync(path.join(deploy, 'Dockerfile'), 'utf8');
  const instructions = text
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.trim().split(/\s+/);
      return { op: op!.toUpperCase(), rest: rest.join(' ') };
    });
  const stages = instructions.filter((i) => i.op === 'FROM');
  for (const from of stages) assert.match(from.rest, /^node:20\b/, 'Node 20, as package.json engines asks');
  const copies = instructions.filter((i) => i.op === 'COPY').map((i) => i.rest.split(/\s+/));
  // From the build context: each source exists, and the build has what `npm ci` (prepare) compiles.
  const fromContext = copies.filter((c) => !c[0]!.startsWith('--from=')).flatMap((c) => c.slice(0, -1));
  for (const source of fromContext)
    assert.ok(fs.existsSync(path.join(root, source)), `COPY ${source} exists in the repository`);
  for (const needed of [
    'package.json',
    'package-lock.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'scripts/build.mjs',
    'bin',
    'src',
    'seed',
    'scenarios',
  ])
    assert.ok(fromContext.includes(needed), `the build stage copies ${needed}`);
  const build = fs.readFileSync(path.join(root, 'scripts/build.mjs'), 'utf8');
  for (const [, imported] of build.matchAll(/from '(\.[^']+)'/g))
    assert.fail(`scripts/build.mjs imports ${imported}, which the image does not copy`);
  assert.ok(stages.length === 2 && /\bAS build$/.test(stages[0]!.rest), 'a build stage, then the image');
  assert.match(text, /RUN npm ci [^\n]*&& npm prune --omit=dev/);
  // The image that runs: the compiled dist/, the runtime dependencies, bin/pgready.js.
  const fromBuild = copies.filter((c) => c[0] === '--from=build').map((c) => c[1]);
  for (const needed of ['/app/dist', '/app/node_modules', '/app/bin', '/app/package.json'])
    assert.ok(fromBuild.includes(needed), `the image takes ${needed} from the build stage`);
  const entry = JSON.parse(instructions.find((i) => i.op === 'ENTRYPOINT')!.rest) as string[];
  assert.deepEqual(entry, ['node', 'bin/pgready.js']);
  const cmd = JSON.parse(instructions.find((i) => i.op === 'CMD')!.rest) as string[];
  const help = await runCli(cmd);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /run\b.*\n[\s\S]*merge\b/);
  assert.equal(
    instructions.find((i) => i.op === 'USER')?.rest,
    'node',
    'pgready never needs root in the image',
  );
  const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version as string;
  assert.match(text, new RegExp(`-t pgready:${version.replaceAll('.', '\\.')} `));
  for (const file of ['job.yaml', 'merge-job.yaml'])
    assert.equal(job(file).container.image, `pgready:${version}`);
});
