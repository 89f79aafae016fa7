import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderReport } from '../../src/reporters/index.ts';
import { checkResult } from '../../src/results/read.ts';
import type { WarmupResult } from '../../src/results/warmup.ts';
import { judgeWarmup } from '../../src/results/warmup-verdict.ts';

// The `warmup` result kind renders as text, markdown, HTML and JSON through renderReport (which
// masks), and reads back as a result file.
function fixture(): WarmupResult {
  const scenarios: WarmupResult['scenarios'] = [
    {
      scenario: 'lead-detail',
      category: 'Detail Views',
      targetsMs: { p50: 20, p95: 35, p99: 60 },
      coldFirstUs: 66_600,
      warmed: {
        encoded: '',
        summary: {
          count: 75,
          minUs: 500,
          maxUs: 9_000,
          meanUs: 1_500,
          stddevUs: 300,
          p50Us: 1_200,
          p90Us: 3_000,
          p95Us: 4_100,
          p99Us: 8_000,
          p999Us: 9_000,
        },
      },
      requests: 80,
      errors: 0,
      stable: true,
      settleMs: 15_000,
      windows: [
        { endMs: 5_000, requests: 25, errors: 0, p95Us: 9_000, hitRatio: 0.62 },
        { endMs: 15_000, requests: 25, errors: 0, p95Us: 4_100, hitRatio: 1 },
      ],
      tables: ['leads'],
    },
  ];
  const indexes = [
    {
      name: 'idx_leads_status_score',
      table: 'leads',
      priority: 'CRITICAL' as const,
      present: true,
      valid: true,
      ready: true,
      definitionMatches: true,
    },
  ];
  const freshness = [
    {
      table: 'leads',
      rows: 2_000,
      modSinceAnalyze: 2_000,
      lastAnalyze: '2026-12-01T08:00:00.123Z',
      lastAutoanalyze: null,
      stale: true,
      analyze: 'ANALYZE public.leads;',
    },
  ];
  return {
    kind: 'warmup',
    version: 1,
    pgreadyVersion: '0.0.0',
    startedAt: '2026-12-01T08:00:00.000Z',
    endedAt: '2026-12-01T08:01:00.000Z',
    interrupted: false,
    target: { displayUrl: 'postgresql://app:hunter22@db/crm', kind: 'url', production: false },
    server: { version: '18.4', versionNum: 180_004 },
    config: {
      ratePerSecPerScenario: 5,
      windowMs: 5_000,
      stableWindows: 3,
      stableTolerance: 0.1,
      stableFloorMs: 1,
      maxTimeMs: 60_000,
      staleFraction: 0.1,
      minHitRatio: 0.95,
    },
    scenarios,
    relations: [
      {
        relation: 'leads',
        kind: 'table',
        table: 'leads',
        hits: 900,
        reads: 100,
        hitRatio: 0.9,
        bufferedBefore: 0,
        bufferedAfter: 0.8,
        sizeBytes: 532_480,
      },
    ],
    bufferCache: true,
    autoprewarm: {
      enabled: false,
      sharedPreloadLibraries: '',
      settingToAdd: "shared_preload_libraries = 'pg_prewarm' and pg_prewarm.autoprewarm = on",
    },
    freshness,
    indexes,
    verdict: judgeWarmup({ indexes, scenarios, freshness, maxTimeMs: 60_000, minHitRatio: 0.95 }),
    notes: [],
  };
}

test('text: verdict, cold → warmed against targets, buffered share before → after, the ANALYZE to run', () => {
  const text = renderReport('text', fixture())[0]!.content;
  assert.match(text, /^pgready warmup — NOT READY FOR DEMO/);
  assert.match(text, /lead-detail .* 66\.6 .* 1\.20 \/ 4\.10 \/ 8\.00 .* 20 \/ 35 \/ 60 .* after 15 s/);
  assert.match(text, /0\.0 % → 80\.0 %/);
  assert.match(text, /Autoprewarm: off .* shared_preload_libraries = 'pg_prewarm'/);
  assert.match(text, /leads: statistics stale .* run ANALYZE public\.leads;/);
  assert.doesNotMatch(text, /hunter22/);
});

test('markdown, html and json render and mask; the JSON reads back as a warmup result', () => {
  const result = fixture();
  const md = renderReport('markdown', result)[0]!.content;
  assert.match(md, /^# Pre-demo warmup — NOT READY FOR DEMO/);
  assert.match(md, /\| lead-detail \| Detail Views \| 66\.6 \|/);
  const html = renderReport('html', result)[0]!.content;
  assert.match(html, /<h1>Pre-demo warmup — NOT READY FOR DEMO<\/h1>/);
  const json = renderReport('json', result)[0]!.content;
  for (const out of [md, html, json]) assert.doesNotMatch(out, /hunter22/);
  assert.equal(checkResult(JSON.parse(json), 'w.json').kind, 'warmup');
  assert.throws(() => renderReport('junit', result), /a warmup result renders as text, markdown, html, json/);
});
