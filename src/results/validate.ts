/**
 * Deep checks of a result read from a file: every encoded histogram decodes, and holds as many
 * values as its summary says; every summary number is a finite number. A damaged or truncated file
 * is refused with the file and the field named, instead of being rendered as if it were sound.
 */
import { decodeHistogram, initHistograms } from './histogram.ts';

const SUMMARY_FIELDS = ['count', 'minUs', 'maxUs', 'meanUs', 'p50Us', 'p95Us', 'p99Us'] as const;

/** Every problem found, as "field.path: what is wrong" (empty when sound). */
export async function histogramProblems(result: unknown): Promise<string[]> {
  await initHistograms();
  const problems: string[] = [];
  walk(result, '', problems);
  return problems;
}

function walk(value: unknown, at: string, problems: string[]): void {
  if (problems.length >= 5 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) walk(item, `${at}[${i}]`, problems);
    return;
  }
  const record = value as Record<string, unknown>;
  if ('encoded' in record) checkHistogram(record, at, problems);
  for (const [key, child] of Object.entries(record)) {
    if (key !== 'encoded') walk(child, at ? `${at}.${key}` : key, problems);
  }
}

function checkHistogram(record: Record<string, unknown>, at: string, problems: string[]): void {
  const field = `${at || '(top)'}.encoded`;
  if (typeof record.encoded !== 'string') {
    problems.push(`${field} is not a string`);
    return;
  }
  const summary = record.summary as Record<string, unknown> | undefined;
  if (summary !== undefined) {
    const bad = SUMMARY_FIELDS.filter((k) => typeof summary[k] !== 'number' || !Number.isFinite(summary[k]));
    if (bad.length) problems.push(`${at}.summary has no valid ${bad.join(', ')}`);
  }
  let count: number;
  try {
    const h = decodeHistogram(record.encoded);
    count = h.totalCount;
    h.destroy();
  } catch (error) {
    problems.push(
      `${field} does not decode as an HdrHistogram (${(error as Error).message || 'damaged data'})`,
    );
    return;
  }
  const expected = summary?.count;
  if (typeof expected === 'number' && expected !== count)
    problems.push(
      `${field} holds ${count} values but its summary says ${expected}: the histogram is damaged`,
    );
}
