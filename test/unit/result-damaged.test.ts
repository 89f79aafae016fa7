// A result file whose histograms were damaged (bytes changed, truncated, summary edited) is refused
// by report, compare and merge: exit 2, one message naming the file and the field. An intact file
// renders.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const fixture = fileURLToPath(new URL('../fixtures/run-ready.json', import.meta.url));
const dir = tempDir('pgready-damaged-');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

type Json = { phases: { scenarios: { latency: { encoded: string; summary: { count: number } } }[] }[] };

function damaged(name: string, change: (result: Json) => void): string {
  const result = JSON.parse(fs.readFileSync(fixture, 'utf8')) as Json;
  change(result);
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(result));
  return file;
}

const latency = (r: Json) => r.phases[1]!.scenarios[0]!.latency;

test('an intact result renders', async () => {
  const r = await runCli(['report', fixture, '--format', 'text']);
  assert.equal(r.code, 0, r.stderr);
});

test('a histogram cut short is refused, naming the file and the field', async () => {
  const file = damaged('truncated.json', (r) => {
    const h = latency(r);
    h.encoded = h.encoded.slice(0, Math.floor(h.encoded.length / 2));
  });
  const r = await runCli(['report', file, '--format', 'text']);
  assert.equal(r.code, 2, r.stdout);
  assert.match(r.stderr, /truncated\.json is damaged: phases\[1\]\.scenarios\[0\]\.latency\.encoded /);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.equal(r.stdout, '', 'nothing rendered');
});

test('a histogram with changed bytes is refused', async () => {
  const file = damaged('flipped.json', (r) => {
    const h = latency(r);
    const mid = Math.floor(h.encoded.length / 2);
    const swap = (c: string) => (c === 'A' ? 'B' : 'A');
    h.encoded =
      h.encoded.slice(0, mid) +
      [...h.encoded.slice(mid, mid + 12)].map(swap).join('') +
      h.encoded.slice(mid + 12);
  });
  const r = await runCli(['compare', fixture, file]);
  assert.equal(r.code, 2, r.stdout);
  assert.match(r.stderr, /flipped\.json is damaged: phases\[1\]\.scenarios\[0\]\.latency/);
});

test('a summary that disagrees with its histogram is refused', async () => {
  const file = damaged('summary.json', (r) => {
    latency(r).summary.count += 7;
  });
  const r = await runCli(['merge', fixture, file, '-o', path.join(dir, 'merged.json')]);
  assert.equal(r.code, 2, r.stdout);
  assert.match(
    r.stderr,
    /summary\.json is damaged: .*latency\.encoded holds \d+ values but its summary says \d+/,
  );
});
