import { Command } from 'commander';
import { lazyAction } from '../lazy.ts';

/** `pgready scenarios`: the demo queries pgready measures, with category, targets and indexes. */
export function scenariosCommand(): Command {
  return new Command('scenarios')
    .description('list the demo query scenarios: category, latency targets, the indexes each relies on')
    .option('--config <file>', 'config file (its "scenarioDirs" add scenario folders)')
    .option('--json', 'print JSON')
    .action(lazyAction(async () => (await import('../actions/scenarios.ts')).scenariosAction));
}
