/** Every kind of result pgready saves as a file, keyed on `kind`; new kinds join this union. */
import type { CapacityResult } from './capacity.ts';
import type { MicroResult } from './micro.ts';
import type { TwinResult } from './twin.ts';
import type { RunResult } from './types.ts';
import type { VerifyResult } from './verify.ts';
import type { WarmupResult } from './warmup.ts';

/** Anything pgready saves as a result file. */
export type AnyResult = RunResult | VerifyResult | MicroResult | WarmupResult | CapacityResult | TwinResult;
