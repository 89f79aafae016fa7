/**
 * Every report format in one place: the name users pass to `--report` / `--format`, and what it
 * renders. Each output is masked once more on the way out, so no format can leak a password even
 * if a URL slipped into a note or an error message.
 */

import type { AnyResult } from '../results/any.ts';
import { UserError } from '../util/errors.ts';
import { maskSecretsInText } from '../util/mask.ts';
import { renderCapacityMarkdown, renderCapacityText } from './capacity.ts';
import type { ReportFormat } from './formats.ts';
import { type RenderedFile, renderHgrmFiles, renderIntervalLog } from './hgrm.ts';
import { renderCapacityHtml } from './html/capacity.ts';
import { renderRunHtml } from './html/page.ts';
import { renderRunJunit, renderVerifyJunit } from './junit.ts';
import { renderRunMarkdown } from './markdown.ts';
import { renderMicroMarkdown, renderMicroText } from './micro.ts';
import { renderRunText } from './text.ts';
import { renderTwinHtml, renderTwinMarkdown, renderTwinText } from './twin.ts';
import { renderVerifyMarkdown, renderVerifyText } from './verify.ts';
import { renderWarmupHtml, renderWarmupMarkdown, renderWarmupText } from './warmup.ts';

export type { AnyResult } from '../results/any.ts';
export { parseFormats, REPORT_FORMATS, type ReportFormat } from './formats.ts';
export type { RenderedFile } from './hgrm.ts';

export interface RenderOptions {
  /** ANSI colours in the text format (only on a TTY). */
  color?: boolean;
}

const VERIFY_FORMATS: ReportFormat[] = ['text', 'markdown', 'junit', 'json'];
const WARMUP_FORMATS: ReportFormat[] = ['text', 'markdown', 'html', 'json'];
const CAPACITY_FORMATS: ReportFormat[] = ['text', 'markdown', 'html', 'json'];
const TWIN_FORMATS: ReportFormat[] = ['text', 'markdown', 'html', 'json'];

/** Renders one format; most give one file, `hgrm` gives one per scenario and phase plus the interval log. */
export function renderReport(
  format: ReportFormat,
  result: AnyResult,
  options: RenderOptions = {},
): RenderedFile[] {
  return renderUnmasked(format, result, options).map((f) => ({
    ...f,
    content: maskSecretsInText(f.content),
  }));
}

function renderUnmasked(format: ReportFormat, result: AnyResult, options: RenderOptions): RenderedFile[] {
  if (format === 'json') return [{ suffix: '.json', content: `${JSON.stringify(result, null, 2)}\n` }];
  if (result.kind === 'warmup') {
    if (!WARMUP_FORMATS.includes(format))
      throw new UserError(
        `the ${format} format needs a run result (from pgready run or prove); a warmup result renders as ${WARMUP_FORMATS.join(', ')}`,
      );
    if (format === 'text') return [{ suffix: '.txt', content: `${renderWarmupText(result)}\n` }];
    if (format === 'markdown') return [{ suffix: '.md', content: renderWarmupMarkdown(result) }];
    return [{ suffix: '.html', content: renderWarmupHtml(result) }];
  }
  if (result.kind === 'verify') {
    if (!VERIFY_FORMATS.includes(format))
      throw new UserError(
        `the ${format} format needs a run result (from pgready run or prove); a verify result renders as ${VERIFY_FORMATS.join(', ')}`,
      );
    if (format === 'text') return [{ suffix: '.txt', content: `${renderVerifyText(result, options)}\n` }];
    if (format === 'markdown') return [{ suffix: '.md', content: renderVerifyMarkdown(result) }];
    return [{ suffix: '.junit.xml', content: renderVerifyJunit(result) }];
  }
  if (result.kind === 'micro') {
    if (format === 'text') return [{ suffix: '.txt', content: `${renderMicroText(result)}\n` }];
    if (format === 'markdown') return [{ suffix: '.md', content: renderMicroMarkdown(result) }];
    throw new UserError(
      `the ${format} format needs a run result; a micro result renders as text, markdown, json`,
    );
  }
  if (result.kind === 'capacity') {
    if (!CAPACITY_FORMATS.includes(format))
      throw new UserError(
        `the ${format} format needs a run result (from pgready run or prove); a capacity result renders as ${CAPACITY_FORMATS.join(', ')}`,
      );
    if (format === 'text') return [{ suffix: '.txt', content: `${renderCapacityText(result)}\n` }];
    if (format === 'markdown') return [{ suffix: '.md', content: renderCapacityMarkdown(result) }];
    return [{ suffix: '.html', content: renderCapacityHtml(result) }];
  }
  if (result.kind === 'twin') {
    if (!TWIN_FORMATS.includes(format))
      throw new UserError(
        `the ${format} format needs a run result (from pgready run or prove); a twin result renders as ${TWIN_FORMATS.join(', ')}`,
      );
    if (format === 'text') return [{ suffix: '.txt', content: `${renderTwinText(result)}\n` }];
    if (format === 'markdown') return [{ suffix: '.md', content: renderTwinMarkdown(result) }];
    return [{ suffix: '.html', content: renderTwinHtml(result) }];
  }
  switch (format) {
    case 'text':
      return [{ suffix: '.txt', content: `${renderRunText(result, options)}\n` }];
    case 'markdown':
      return [{ suffix: '.md', content: renderRunMarkdown(result) }];
    case 'html':
      return [{ suffix: '.html', content: renderRunHtml(result) }];
    case 'junit':
      return [{ suffix: '.junit.xml', content: renderRunJunit(result) }];
    case 'hgrm':
      return [...renderHgrmFiles(result), { suffix: '.hlog', content: renderIntervalLog(result) }];
    case 'hlog':
      return [{ suffix: '.hlog', content: renderIntervalLog(result) }];
  }
}
