import type { Command } from 'commander';
import { DEFAULTS } from '../config/defaults.ts';
import { parseFormats, REPORT_FORMATS, type ReportFormat } from '../reporters/formats.ts';

/** What `addReportOptions` adds to a command's options. */
export interface ReportCliOptions {
  report?: ReportFormat[];
  reportsDir: string;
}

/** `--report markdown,html,junit,hgrm` and `--reports-dir`, the same on run, prove and verify. */
export function addReportOptions(command: Command): Command {
  return command
    .option(
      '--report <formats>',
      `also write reports, comma-separated: ${REPORT_FORMATS.join(', ')} (files under --reports-dir, timestamped)`,
      parseFormats,
    )
    .option('--reports-dir <dir>', 'where --report writes', DEFAULTS.reportsDir);
}
