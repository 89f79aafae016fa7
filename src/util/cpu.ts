/**
 * The client's own CPU over a stretch of work (every thread of this process), stated once so a
 * run and each of its scenarios account for it the same way.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';

/** CPU the load generator used (all threads of this process) while something ran. */
export interface ClientCpu {
  userMs: number;
  systemMs: number;
  cores: number;
  /** (user + system) ÷ (wall time × cores), in percent, one decimal. */
  busyPercent: number;
}

/** Starts measuring; `stop()` returns the CPU used since. */
export function startCpuMeter(): { stop(): ClientCpu } {
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  return {
    stop() {
      const cpu = process.cpuUsage(cpuStart);
      const wallMs = performance.now() - wallStart;
      const cores = os.availableParallelism();
      const busyMs = (cpu.user + cpu.system) / 1000;
      return {
        userMs: Math.round(cpu.user / 1000),
        systemMs: Math.round(cpu.system / 1000),
        cores,
        busyPercent: wallMs > 0 ? Math.round((busyMs / (wallMs * cores)) * 1000) / 10 : 0,
      };
    },
  };
}
