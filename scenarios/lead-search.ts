import { defineScenario } from '../src/scenarios/define.ts';

/** The lead search page: one status, one city, a budget floor, best scores first. */
export default defineScenario({
  name: 'lead-search',
  description: 'Lead search: status + city + minimum budget, ranked by score',
  category: 'Search/Filter',
  sql: `SELECT id, first_name, last_name, email, city, budget_min, budget_max, status, score
FROM leads
WHERE status = $1 AND city = $2 AND budget_max >= $3
ORDER BY score DESC
LIMIT 50`,
  // Real (status, city) pairs with their median budget, so a search returns rows.
  sampleSql: `SELECT status, city, percentile_disc(0.5) WITHIN GROUP (ORDER BY budget_max) AS budget
FROM leads
WHERE budget_max IS NOT NULL
GROUP BY status, city
ORDER BY md5(status || city || $1::text)
LIMIT 200`,
  params: (sample, random) => {
    const row = sample[Math.floor(random() * sample.length)]!;
    return [row.status, row.city, row.budget];
  },
  expectedIndexes: ['idx_leads_status_score'],
  weight: 4,
});
