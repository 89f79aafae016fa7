import type { Command } from 'commander';
import { dbCommand } from './commands/db.ts';
import { scenariosCommand } from './commands/scenarios.ts';
import { seedCommand } from './commands/seed.ts';

/** Every top-level command, in the order `--help` lists them. */
export const commands: (() => Command)[] = [dbCommand, seedCommand, scenariosCommand];
