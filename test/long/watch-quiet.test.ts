import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { adminQuery, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { runCliLive, watchFixtureDir } from '../helpers/watch.ts';

// A stall is a request outstanding too long, not a second in which no response happened to land:
// a 2/s probe of a fast scenario for a minute (requests in flight across most second boundaries
// now and then) never breaches.
let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('watch_quiet');
  await adminQuery(
    db.url,
    'CREATE TABLE watch_probe (id int PRIMARY KEY, payload text); INSERT INTO watch_probe SELECT g, md5(g::text) FROM generate_series(1, 100) g',
  );
});
after(() => db?.drop());

test('a 2/s probe of a fast scenario for 60 s never breaches', async () => {
  const lines: string[] = [];
  const run = await runCliLive(
    ['watch', 'watch-probe', '--rate', '2', '--duration', '60s', '--database-url', db.url],
    { cwd: watchFixtureDir(), timeoutMs: 150_000, onLine: (line) => lines.push(line) },
  );
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.ok(!lines.some((l) => l.startsWith('BREACH')), lines.join('\n'));
  assert.match(run.stdout, /^watch-probe \[60 s\]: p50 .* \(target p95 200 ms\), 1\d\d req, 0 err/m);
});
