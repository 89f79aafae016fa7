import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { runMeasured } from '../../src/load/measured-query.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

// The measured query skips its reply on the socket (reply-scanner.ts): on a real server, a reply of
// many chunks, an error, a notice in the middle of the rows and a ParseComplete must leave the
// client exactly as node-postgres' own parser would: usable, statement prepared once, errors coded.
let db: TestDatabase;
let client: pg.Client;

before(async () => {
  db = await createTestDatabase('measured-reply');
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(
    `CREATE FUNCTION pg_temp.noisy(i int) RETURNS int LANGUAGE plpgsql AS $$BEGIN IF i % 100 = 0 THEN RAISE NOTICE 'row %', i; END IF; RETURN i; END$$`,
  );
});

after(async () => {
  await client?.end();
  await db?.drop();
});

test('a reply of several MB in many chunks is read to its end; the client is usable after and the statement was parsed once', async () => {
  const sql = `SELECT g, repeat('x', $1::int) FROM generate_series(1, 2000) g`;
  // Rows decoded by node-postgres' parser show as 'dataRow' events on the connection: none here.
  let decoded = 0;
  const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
  connection.on('dataRow', () => decoded++);
  for (let i = 0; i < 3; i++) await runMeasured(client, 'prepared', 'pgready_big', sql, [2000]);
  assert.equal(decoded, 0);
  const parsed = (client as unknown as { connection: { parsedStatements: Record<string, string> } })
    .connection.parsedStatements;
  assert.equal(parsed.pgready_big, sql);
  const { rows } = await client.query('SELECT 41 + 1 AS answer');
  assert.equal(rows[0].answer, 42);
  assert.equal(decoded, 1);
});

test('an error rejects with its SQLSTATE on every protocol, and the next query runs', async () => {
  for (const protocol of ['prepared', 'extended', 'simple'] as const) {
    await assert.rejects(
      runMeasured(
        client,
        protocol,
        'pgready_div',
        'SELECT 1 / ($1::int - 1) FROM generate_series(1, 50)',
        [1],
      ),
      (e: { code?: string }) => e.code === '22012',
      protocol,
    );
    await runMeasured(client, protocol, 'pgready_ok', 'SELECT $1::int', [7]);
  }
  assert.equal((await client.query('SELECT 1 AS one')).rows[0].one, 1);
});

test('notices in the middle of the rows reach the client, and the reply still ends', async () => {
  const notices: string[] = [];
  const onNotice = (n: { message?: string }) => notices.push(String(n.message));
  client.on('notice', onNotice);
  try {
    await runMeasured(
      client,
      'prepared',
      'pgready_noisy',
      'SELECT pg_temp.noisy(g) FROM generate_series(1, $1::int) g',
      [300],
    );
    await runMeasured(
      client,
      'prepared',
      'pgready_noisy',
      'SELECT pg_temp.noisy(g) FROM generate_series(1, $1::int) g',
      [5],
    );
  } finally {
    client.off('notice', onNotice);
  }
  assert.deepEqual(notices, ['row 100', 'row 200', 'row 300']);
  assert.equal((await client.query('SELECT 2 AS two')).rows[0].two, 2);
});

test('stamps: the answer is handled after the query was written', async () => {
  const stamps = { sentMs: 0, answeredMs: 0 };
  await runMeasured(client, 'prepared', 'pgready_sleep', 'SELECT pg_sleep($1::float8)', [0.05], stamps, () =>
    performance.now(),
  );
  assert.ok(stamps.answeredMs - stamps.sentMs >= 50, `${stamps.answeredMs - stamps.sentMs} ms`);
});
