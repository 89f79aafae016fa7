/**
 * pgready as a library (`import { performRun, renderReport } from 'pgready/api'`): run the A/B
 * measurement or raw load from a program, read saved results and render them in any format —
 * the same functions the CLI calls. Errors the caller can fix are `UserError`; nothing here prints
 * or exits.
 */
export * from './index.ts';
export { type LoadOutcome, type RunLoadOptions, runLoad } from './load/run-load.ts';
export { performRun, type RunOptions, type RunOutcome } from './phases/run.ts';
export { type AnyResult, REPORT_FORMATS, type ReportFormat, renderReport } from './reporters/index.ts';
export { saveResult, writeReports } from './reporters/write.ts';
export { loadResult } from './results/read.ts';
export { UserError } from './util/errors.ts';
