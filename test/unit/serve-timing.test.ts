import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseListen } from '../../src/serve/server.ts';
import { formatServerTiming, parseServerTiming } from '../../src/serve/timing.ts';
import { UserError } from '../../src/util/errors.ts';

test('Server-Timing round-trips pool wait, database time and total (ms, µs resolution)', () => {
  const header = formatServerTiming({ poolMs: 0.0123, dbMs: 12.3456, totalMs: 13 });
  assert.match(
    header,
    /^pool;dur=0\.012;desc="pool wait", db;dur=12\.346;desc="database", total;dur=13\.000$/,
  );
  assert.deepEqual(parseServerTiming(header), { poolMs: 0.012, dbMs: 12.346, totalMs: 13 });
  assert.deepEqual(parseServerTiming(['cache;desc=x', 'db;dur=2']), { dbMs: 2 });
  assert.deepEqual(parseServerTiming(undefined), {});
});

test('--listen takes HOST:PORT, [IPv6]:PORT or a port (loopback), and refuses anything else', () => {
  assert.deepEqual(parseListen('127.0.0.1:8080'), { host: '127.0.0.1', port: 8080 });
  assert.deepEqual(parseListen('[::1]:0'), { host: '::1', port: 0 });
  assert.deepEqual(parseListen('9000'), { host: '127.0.0.1', port: 9000 });
  assert.deepEqual(parseListen(':9000'), { host: '127.0.0.1', port: 9000 });
  for (const bad of ['localhost', 'a:b', '1.2.3.4:70000'])
    assert.throws(() => parseListen(bad), UserError, bad);
});
