/** The options of `pgready advise` as the library takes them, resolved by the command. */
import type { CatalogueIndex } from '../../seed/catalogue.ts';
import type { ResolvedPoolOptions } from '../config/pool.ts';
import type { DdlWaitOptions } from '../indexes/ddl.ts';
import type { ResolvedLoadOptions } from '../load/load-options.ts';
import type { LoadedScenario } from '../scenarios/load.ts';

/** Everything advise needs, resolved by the command. */
export interface AdviseOptions {
  /** The scenarios to advise on (reads). */
  scenarios: LoadedScenario[];
  /** `--writes`: write scenarios measured beside each candidate. */
  writes: LoadedScenario[];
  pool: ResolvedPoolOptions;
  load: ResolvedLoadOptions;
  baselineIterations: number;
  maxErrorRate: number;
  ddlWait: DdlWaitOptions;
  catalogue: readonly CatalogueIndex[];
  maxCandidates: number;
  signal?: AbortSignal;
  /** Progress lines (the command prints them on stderr). */
  onStep?: (line: string) => void;
}
