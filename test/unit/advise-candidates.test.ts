import assert from 'node:assert/strict';
import { test } from 'node:test';
import leadSearch from '../../scenarios/lead-search.ts';
import monthlyReport from '../../scenarios/monthly-report.ts';
import winBack from '../../scenarios/win-back-eligible.ts';
import { deriveCandidates } from '../../src/advise/candidates.ts';
import { candidateDdl, candidateName, parseDefinition } from '../../src/advise/ddl.ts';
import { queryShape } from '../../src/advise/query-shape.ts';

const noColumns = () => [];

function ddls(sql: string, existing: Parameters<typeof deriveCandidates>[1] = [], max = 8): string[] {
  return deriveCandidates(queryShape(sql, noColumns), existing, max).map((spec) =>
    candidateDdl(spec, 'x', { concurrently: false }),
  );
}

test('lead-search: equality columns first, then the ORDER BY column with its direction, then the range column', () => {
  const list = ddls(leadSearch.sql);
  assert.equal(list[0], 'CREATE INDEX x ON leads (status, city, score DESC)');
  assert.ok(list.includes('CREATE INDEX x ON leads (status, city, budget_max)'), list.join('\n'));
  assert.ok(list.includes('CREATE INDEX x ON leads (status, city, score DESC, budget_max)'), list.join('\n'));
});

test('win-back-eligible: the literal filter becomes a partial predicate; the join table gets nothing', () => {
  const specs = deriveCandidates(queryShape(winBack.sql, noColumns), [], 8);
  const list = specs.map((s) => candidateDdl(s, 'x', { concurrently: false }));
  assert.ok(
    list.includes("CREATE INDEX x ON churn_events (churned_at DESC) WHERE recovery_eligibility = 'eligible'"),
    list.join('\n'),
  );
  assert.ok(specs.every((s) => s.table === 'churn_events'));
  assert.ok(specs.some((s) => s.include.length > 0 && /index-only scan/.test(s.rule)));
  assert.ok(specs.length <= 8);
});

test('monthly-report: the range column, with INCLUDE of the small projection', () => {
  const list = ddls(monthlyReport.sql);
  assert.ok(list.includes('CREATE INDEX x ON leads (created_at)'), list.join('\n'));
  assert.ok(
    list.includes('CREATE INDEX x ON leads (created_at) INCLUDE (source, status, score, agent_id)'),
    list.join('\n'),
  );
});

test('an existing index is widened to the query, and two rules for one index make one candidate', () => {
  const existing = [
    {
      name: 'idx_leads_status_score',
      table: 'leads',
      keys: [
        { column: 'status', desc: false },
        { column: 'score', desc: true },
      ],
    },
  ];
  const specs = deriveCandidates(queryShape(leadSearch.sql, noColumns), existing, 8);
  const widened = specs.filter((s) => /idx_leads_status_score widened/.test(s.rule));
  assert.equal(widened.length, 1);
  const keys = widened[0]!.keys.map((k) => k.column);
  assert.deepEqual(keys, ['status', 'city', 'score', 'budget_max']);
  const shapes = specs.map((s) => candidateName(s));
  assert.equal(new Set(shapes).size, shapes.length, 'no two candidates share a name');
});

test('--max-candidates cuts the list', () => {
  assert.equal(ddls(winBack.sql, [], 2).length, 2);
});

test('a recorded CREATE INDEX definition reads back into the candidate shape', () => {
  const parsed = parseDefinition(
    "CREATE INDEX idx_comm ON public.communication_logs USING btree (lead_id, direction, sent_at DESC) WHERE ((direction)::text = 'outbound'::text)",
  );
  assert.ok(parsed);
  assert.equal(parsed.table, 'communication_logs');
  assert.deepEqual(
    parsed.keys.map((k) => `${k.column}${k.desc ? ' DESC' : ''}`),
    ['lead_id', 'direction', 'sent_at DESC'],
  );
  assert.equal(parsed.where, "((direction)::text = 'outbound'::text)");
  assert.equal(parsed.plain, true);
});
