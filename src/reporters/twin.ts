/**
 * The twin's fidelity report (`seed --like`, kind `twin`) as text, markdown and HTML: tables (rows
 * source → aim → twin), columns (null fraction, distinct, MCV, histogram), foreign keys (fan-out
 * p50/p90/p99 source vs twin) and scenario plans on both sides. Pure functions of the result.
 */
import type { ColumnFidelity, TwinResult } from '../results/twin.ts';
import { escHtml } from './html/page.ts';
import { table } from './markdown-parts.ts';

interface Grid {
  title: string;
  head: string[];
  rows: string[][];
}

const n = (v: number) => Math.round(v).toLocaleString('en-US');
const pct = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? '–' : `${(100 * v).toFixed(digits)} %`;

function distinctCell(c: ColumnFidelity): string {
  const d = c.nDistinct;
  if (d.twin === null) return '–';
  const aim = d.aim === null ? 'no aim' : `aim ${n(d.aim)}`;
  const est =
    d.sourceEstimate === null
      ? ''
      : ` (source est. ${d.sourceEstimate < 0 ? `${d.sourceEstimate.toFixed(3)} × rows` : n(d.sourceEstimate)})`;
  const err = d.errorPercent === null ? '' : `, ${d.errorPercent.toFixed(1)} % off`;
  return `${n(d.twin)} / ${aim}${err}${est}`;
}

function grids(r: TwinResult): Grid[] {
  return [
    {
      title: 'Tables',
      head: ['table', 'source rows', 'aimed', 'twin rows', 'twin MiB', 'laid out by'],
      rows: r.tables.map((t) => [
        t.name,
        `${n(t.sourceRows)}${t.rowsFrom === 'reltuples' ? ' (est.)' : ''}${t.analyzed ? '' : ' (never analyzed)'}`,
        n(t.aimRows),
        n(t.twinRows),
        (t.twinBytes / 2 ** 20).toFixed(1),
        t.drivingForeignKey ?? '–',
      ]),
    },
    {
      title: 'Columns',
      head: [
        'column',
        'made from',
        'null frac aim/twin',
        'distinct twin / aim',
        'MCV overlap',
        'max MCV freq error',
        'histogram error median/worst',
      ],
      rows: r.columns.map((c) => [
        `${c.table}.${c.column}${c.sorted ? ' (physical order)' : ''}`,
        `${c.source}${c.replaced ? `, replaced (${c.replaced})` : ''}${c.note ? `; ${c.note}` : ''}`,
        `${pct(c.nullFrac.aim)} / ${pct(c.nullFrac.twin)}`,
        distinctCell(c),
        c.mcv.count > 0 ? `${c.mcv.overlap}/${c.mcv.count}` : '–',
        c.mcv.maxFreqErrorPp === null ? '–' : `${c.mcv.maxFreqErrorPp.toFixed(2)} pp`,
        c.histogram ? `${pct(c.histogram.medianError, 2)} / ${pct(c.histogram.worstError, 2)}` : '–',
      ]),
    },
    {
      title: 'Foreign keys: children per parent',
      head: [
        'foreign key',
        'source p50/p90/p99',
        'twin p50/p90/p99',
        'childless source/twin',
        'within 30 % or 2',
      ],
      rows: r.foreignKeys.map((f) => [
        `${f.table}.${f.column} → ${f.parent}`,
        f.source ? `${f.source.p50} / ${f.source.p90} / ${f.source.p99}` : '–',
        `${f.twin.p50} / ${f.twin.p90} / ${f.twin.p99}`,
        `${pct(f.source?.childless)} / ${pct(f.twin.childless)}`,
        f.within === null ? 'not aimed (independent)' : f.within ? 'yes' : 'NO',
      ]),
    },
    ...(r.plans.length > 0
      ? [
          {
            title: 'Scenario plans: source vs twin',
            head: ['scenario', 'source', 'twin', 'same path'],
            rows: r.plans.map((p) => [
              p.scenario,
              p.source ? p.source.nodes.filter((x) => x.includes('Scan')).join('; ') : '–',
              p.twin ? p.twin.nodes.filter((x) => x.includes('Scan')).join('; ') : '–',
              `${p.same === null ? '–' : p.same ? 'yes' : 'NO'}${p.note ? ` (${p.note})` : ''}`,
            ]),
          },
        ]
      : []),
  ];
}

function header(r: TwinResult): string[] {
  const s = r.source;
  return [
    `twin of ${s.database} (schema ${s.schema}, PostgreSQL ${s.serverVersion}, read ${s.readAt}) in ${r.target.displayUrl}`,
    `seed ${r.seed}; ${r.options.factor !== null ? `factor ${r.options.factor}` : 'rows as named'}; values ${r.options.keepValues ? 'kept where the statistics hold them (--keep-values)' : 'of personal-looking columns replaced'}; source indexes ${r.options.sourceIndexes ? `recreated (${r.indexes.length})` : 'not recreated'}`,
    `read ${(r.timingsMs.read / 1000).toFixed(1)} s, load ${(r.timingsMs.load / 1000).toFixed(1)} s, keys ${(r.timingsMs.keys / 1000).toFixed(1)} s, indexes ${(r.timingsMs.indexes / 1000).toFixed(1)} s, vacuum analyze ${(r.timingsMs.vacuum / 1000).toFixed(1)} s, fidelity ${(r.timingsMs.fidelity / 1000).toFixed(1)} s`,
  ];
}

function textGrid(g: Grid): string {
  const widths = g.head.map((h, i) => Math.max(h.length, ...g.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [g.title, line(g.head), ...g.rows.map(line)].join('\n');
}

export function renderTwinText(r: TwinResult): string {
  return [
    ...header(r),
    '',
    ...grids(r).flatMap((g) => [textGrid(g), '']),
    ...r.notes.map((x) => `note: ${x}`),
  ].join('\n');
}

export function renderTwinMarkdown(r: TwinResult): string {
  return `${[
    '# Statistical twin: fidelity',
    '',
    ...header(r).map((l) => `${l}  `),
    '',
    ...grids(r).flatMap((g) => [`## ${g.title}`, '', table(g.head, g.rows), '']),
    ...(r.notes.length > 0 ? ['## Notes', '', ...r.notes.map((x) => `- ${x}`), ''] : []),
  ].join('\n')}`;
}

export function renderTwinHtml(r: TwinResult): string {
  const grid = (g: Grid) =>
    `<h2>${escHtml(g.title)}</h2><table><thead><tr>${g.head.map((h) => `<th>${escHtml(h)}</th>`).join('')}</tr></thead><tbody>${g.rows
      .map((row) => `<tr>${row.map((c) => `<td>${escHtml(c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>pgready twin fidelity</title><style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;margin-bottom:1.5rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;font-size:.9rem}</style></head><body><h1>Statistical twin: fidelity</h1>${header(
    r,
  )
    .map((l) => `<p>${escHtml(l)}</p>`)
    .join(
      '',
    )}${grids(r).map(grid).join('')}${r.notes.length ? `<h2>Notes</h2><ul>${r.notes.map((x) => `<li>${escHtml(x)}</li>`).join('')}</ul>` : ''}</body></html>\n`;
}
