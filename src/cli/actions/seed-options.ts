/** The options of `pgready seed` (its own seed and `--like`), apart so both actions can read them. */
import type { SeedOptions } from '../../seed/types.ts';
import type { CommonOptions } from '../options.ts';

export interface SeedCliOptions
  extends CommonOptions,
    Pick<SeedOptions, 'scale' | 'seed' | 'leads' | 'commsPerLead' | 'reset' | 'withIndexes' | 'workers'> {
  checksum?: boolean;
  progress?: boolean;
  like?: string;
  likeEnvironment?: string;
  likeSchema?: string;
  tables?: string;
  rows?: string;
  factor?: number;
  sourceIndexes?: boolean;
  keepValues?: boolean;
  output?: string;
}
