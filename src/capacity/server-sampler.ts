/**
 * The server's side of a capacity step, sampled once a second: CPU of the PostgreSQL processes
 * (from /proc, when the server runs on this host: the postmaster is found as the parent of our own
 * backend, so the embedded server and a local system server both work; anything else is "not
 * available") and the database's active backends with their wait events (pg_stat_activity).
 */
import fs from 'node:fs';
import os from 'node:os';
import type pg from 'pg';
import type { ServerStepSample } from '../results/capacity.ts';

/** Linux clock ticks per second (USER_HZ), 100 on every mainstream kernel. */
const TICKS_PER_SEC = 100;

/** Finds the postmaster of the server `client` talks to, or says why CPU cannot be read. */
export async function findPostmaster(client: pg.ClientBase): Promise<{ pid?: number; note?: string }> {
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const backend = rows[0]!.pid;
  const stat = readStat(backend);
  if (stat?.comm !== 'postgres')
    return { note: 'not available: the server does not run on this host (or in another pid namespace)' };
  const parent = readStat(stat.ppid);
  if (parent?.comm !== 'postgres') return { note: 'not available: the postmaster is not readable' };
  return { pid: stat.ppid };
}

interface ProcStat {
  comm: string;
  ppid: number;
  ticks: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    // After "pid (comm)": state ppid … utime is field 14 and stime 15 (1-based in proc(5)).
    return { comm, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** CPU ticks of the postmaster and every process whose parent it is (backends, walwriter, …). */
function serverTicks(postmaster: number): Map<number, number> {
  const ticks = new Map<number, number>();
  const own = readStat(postmaster);
  if (own) ticks.set(postmaster, own.ticks);
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat?.ppid === postmaster) ticks.set(Number(name), stat.ticks);
  }
  return ticks;
}

/** Samples while a step runs; `stop()` returns the step's server figures. */
export class ServerSampler {
  private timer: NodeJS.Timeout | undefined;
  private active: number[] = [];
  private readonly waits = new Map<string, number>();
  private first: { at: number; ticks: Map<number, number> } | undefined;
  private last: { at: number; ticks: Map<number, number> } | undefined;
  private busy = false;

  constructor(
    private readonly client: pg.ClientBase,
    private readonly postmaster: { pid?: number; note?: string },
  ) {}

  start(): void {
    if (this.postmaster.pid) this.first = { at: performance.now(), ticks: serverTicks(this.postmaster.pid) };
    this.timer = setInterval(() => void this.sample(), 1_000);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const { rows } = await this.client.query<{ event: string }>(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS event
           FROM pg_stat_activity
          WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`,
      );
      this.active.push(rows.length);
      for (const r of rows) this.waits.set(r.event, (this.waits.get(r.event) ?? 0) + 1);
      if (this.postmaster.pid) this.last = { at: performance.now(), ticks: serverTicks(this.postmaster.pid) };
    } catch {
      // A failed sample is a missing sample; the step itself is what is measured.
    } finally {
      this.busy = false;
    }
  }

  stop(): ServerStepSample {
    if (this.timer) clearInterval(this.timer);
    const n = this.active.length;
    const waitEvents = [...this.waits.entries()]
      .map(([event, samples]) => ({ event, samples }))
      .sort((a, b) => b.samples - a.samples)
      .slice(0, 6);
    return {
      ...this.cpu(),
      activeBackends: {
        mean: n ? Math.round((this.active.reduce((t, v) => t + v, 0) / n) * 10) / 10 : 0,
        max: n ? Math.max(...this.active) : 0,
      },
      waitEvents,
      samples: n,
    };
  }

  private cpu(): { cpuPercent?: number; cpuNote?: string } {
    if (!this.postmaster.pid) return { cpuNote: this.postmaster.note ?? 'not available' };
    if (!this.first || !this.last || this.last.at <= this.first.at)
      return { cpuNote: 'not available: too short' };
    let ticks = 0;
    // Processes alive at both ends; a backend that started in between counts from zero.
    for (const [pid, end] of this.last.ticks) ticks += end - (this.first.ticks.get(pid) ?? 0);
    const seconds = (this.last.at - this.first.at) / 1000;
    const percent = (ticks / TICKS_PER_SEC / (seconds * os.availableParallelism())) * 100;
    return { cpuPercent: Math.round(percent * 10) / 10 };
  }
}
