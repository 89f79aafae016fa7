import type { Command } from 'commander';
import { capacityCommand } from './commands/capacity.ts';
import { compareCommand } from './commands/compare.ts';
import { dbCommand } from './commands/db.ts';
import { mergeCommand } from './commands/merge.ts';
import { proveCommand } from './commands/prove.ts';
import { reportCommand } from './commands/report.ts';
import { runCommand } from './commands/run.ts';
import { scenariosCommand } from './commands/scenarios.ts';
import { seedCommand } from './commands/seed.ts';
import { verifyCommand } from './commands/verify.ts';

/** Every top-level command, in the order `--help` lists them. */
export const commands: (() => Command)[] = [
  proveCommand,
  dbCommand,
  seedCommand,
  scenariosCommand,
  runCommand,
  capacityCommand,
  verifyCommand,
  reportCommand,
  compareCommand,
  mergeCommand,
];
