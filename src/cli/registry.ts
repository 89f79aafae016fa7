import type { Command } from 'commander';
import { adviseCommand } from './commands/advise.ts';
import { capacityCommand } from './commands/capacity.ts';
import { checklistCommand } from './commands/checklist.ts';
import { compareCommand } from './commands/compare.ts';
import { dbCommand } from './commands/db.ts';
import { mergeCommand } from './commands/merge.ts';
import { microCommand } from './commands/micro.ts';
import { proveCommand } from './commands/prove.ts';
import { reportCommand } from './commands/report.ts';
import { runCommand } from './commands/run.ts';
import { scenariosCommand } from './commands/scenarios.ts';
import { seedCommand } from './commands/seed.ts';
import { serveCommand } from './commands/serve.ts';
import { verifyCommand } from './commands/verify.ts';
import { warmupCommand } from './commands/warmup.ts';
import { watchCommand } from './commands/watch.ts';

/** Every top-level command, in the order `--help` lists them. */
export const commands: (() => Command)[] = [
  proveCommand,
  dbCommand,
  seedCommand,
  scenariosCommand,
  runCommand,
  serveCommand,
  microCommand,
  capacityCommand,
  verifyCommand,
  adviseCommand,
  warmupCommand,
  watchCommand,
  checklistCommand,
  reportCommand,
  compareCommand,
  mergeCommand,
];
