import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  type Host,
  type LinkServer,
  makeHosts,
  netnsUnavailable,
  runCliIn,
  startLinkServer,
} from '../helpers/netns.ts';
import { mergeParts, readRun, SLEEP_SCENARIO, sleepFixture, sleepRunArgs } from '../helpers/shard-fixture.ts';

// Two network namespaces act as two load hosts; a server of its own listens only on the host ends
// of their veth links. One shard runs in each namespace, reaching the server only over its link:
// they meet through the database, load on one timetable, and merge into exactly the plan's requests.
const skip = netnsUnavailable();
let hosts: Host[] = [];
let removeHosts = () => {};
let server: LinkServer | undefined;
const DB = 'pgready_netns';

before(async () => {
  if (skip) return;
  const made = makeHosts(2);
  hosts = made.hosts;
  removeHosts = made.remove;
  server = await startLinkServer(hosts);
  const admin = await server.admin();
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
});

after(async () => {
  await server?.stop();
  removeHosts();
});

test('a shard in each of two namespaces, each over its own link: one timetable, an exact merge', {
  skip: skip ?? false,
}, async (t) => {
  const dir = sleepFixture();
  const seen = new Map<string, string>();
  const admin = await server!.admin();
  let running = true;
  // Which address each shard's control connection comes from, as the server sees it.
  const watch = (async () => {
    while (running) {
      const { rows } = await admin.query<{ name: string; addr: string }>(
        "SELECT application_name AS name, host(client_addr) AS addr FROM pg_stat_activity WHERE application_name LIKE 'pgready shard %'",
      );
      for (const r of rows) seen.set(r.name.split(' ')[2]!, r.addr);
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const outs = await Promise.all(
    hosts.map((h, i) =>
      runCliIn(
        h.ns,
        sleepRunArgs(server!.url(h, DB), [
          '--instances',
          '1',
          '--shard',
          `${i}/2`,
          '-o',
          path.join(dir, `part-${i}.json`),
        ]),
        { cwd: dir },
      ),
    ),
  );
  running = false;
  await watch;
  await admin.end();
  // 200 ms in the server always misses the Reports p50 and p95: every shard is NOT READY, exit 1.
  for (const out of outs) assert.equal(out.code, 1, out.stderr);
  assert.deepEqual(
    Object.fromEntries(seen),
    { '0/2': hosts[0]!.address, '1/2': hosts[1]!.address },
    'each shard came over its own link',
  );

  const parts = [0, 1].map((i) => readRun(path.join(dir, `part-${i}.json`)));
  assert.equal(
    parts[0]!.plan?.fingerprint,
    parts[1]!.plan?.fingerprint,
    'one plan, whichever address reached the server',
  );
  assert.equal(parts[0]!.phases[0]!.startedAt, parts[1]!.phases[0]!.startedAt, 'one timetable');
  const merged = await mergeParts(dir, 2);
  assert.equal(merged.code, 1, merged.stderr);
  const m = merged.result;
  assert.equal(m.verdict.ready, false);
  const s = m.phases[0]!.scenarios.find((x) => x.scenario === SLEEP_SCENARIO)!;
  const late = parts.flatMap((p) => p.phases[0]!.notes.filter((n) => /late on the common timetable/.test(n)));
  t.diagnostic(
    `merged: ${s.requests} requests, p50 ${s.latency.summary.p50Us} µs, p95 ${s.latency.summary.p95Us} µs; late notes: ${late.length}`,
  );
  // 40/s constant over 3 s, no warm-up: 2 instances × 60 arrivals, every one issued and answered.
  assert.equal(s.requests, 120);
  assert.equal(s.errors, 0);
  assert.equal(s.intervals.length, 3);
  assert.ok(s.latency.summary.p50Us >= 200_000, 'the server slept');
});
