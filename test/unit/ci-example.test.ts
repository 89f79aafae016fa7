import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { commands } from '../../src/cli/registry.ts';

// The CI example in examples/ stays true: it is valid YAML, every `pgready` it runs is a command
// of this CLI, and every option it passes is an option of that command.
const FILE = new URL('../../examples/github-actions/pgready.yml', import.meta.url);

interface Step {
  run?: string;
  env?: Record<string, string>;
}

function pgreadyCalls(): string[][] {
  const doc = parse(fs.readFileSync(FILE, 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
  return Object.values(doc.jobs).flatMap((job) =>
    job.steps.flatMap((step) =>
      (step.run ?? '')
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .filter((words) => words[0] === 'npx' && words[1] === 'pgready')
        .map((words) => words.slice(2)),
    ),
  );
}

/** Problems with one call: unknown command or option. */
export function checkCall(args: string[], known: Command[]): string[] {
  const command = known.find((c) => c.name() === args[0]);
  if (!command) return [`unknown command "${args[0]}"`];
  const flags = new Set(command.options.flatMap((o) => [o.long, o.short].filter(Boolean) as string[]));
  return args
    .slice(1)
    .filter((a) => a.startsWith('-'))
    .map((a) => a.split('=')[0]!)
    .filter((a) => !flags.has(a))
    .map((a) => `pgready ${args[0]} has no option ${a}`);
}

test('the GitHub Actions example runs verify and watch --once with options the CLI has', () => {
  const calls = pgreadyCalls();
  const known = commands.map((make) => make());
  assert.deepEqual(
    calls.map((c) => c[0]),
    ['verify', 'watch'],
  );
  assert.ok(calls[1]!.includes('--once'));
  for (const call of calls) assert.deepEqual(checkCall(call, known), [], call.join(' '));
});

test('the check itself catches an unknown command and an unknown option', () => {
  const known = commands.map((make) => make());
  assert.deepEqual(checkCall(['verfiy'], known), ['unknown command "verfiy"']);
  assert.deepEqual(checkCall(['watch', '--onse'], known), ['pgready watch has no option --onse']);
});

test('the example takes its URL from a secret, never writes one', () => {
  const text = fs.readFileSync(FILE, 'utf8');
  assert.match(text, /DATABASE_URL: \$\{\{ secrets\.STAGING_DATABASE_URL \}\}/);
  assert.doesNotMatch(text, /postgres(ql)?:\/\//);
});
