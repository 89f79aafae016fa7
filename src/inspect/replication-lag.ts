/**
 * Samples replication lag once a second while load runs: on the primary, pg_stat_replication's byte
 * lag (current WAL position − replay_lsn) and replay_lag; on each standby, received − replayed WAL.
 * Read-only. An idle primary makes replay_lag grow without staleness, so time lag counts only
 * while the standby is behind in bytes.
 */
import type pg from 'pg';
import { connect } from '../db/connect.ts';
import { maskUrl } from '../db/url.ts';
import type { ReplicationSummary, StandbyLag } from '../results/replication.ts';

interface Series {
  replay: number[];
  backlog: number[];
  staleness: number[];
}

export class ReplicationLagSampler {
  private timer: NodeJS.Timeout | undefined;
  private primary: pg.Client | undefined;
  private standbys: { name: string; client: pg.Client }[] = [];
  private readonly series = new Map<string, Series>();
  private busy = false;

  constructor(
    private readonly primaryUrl: string,
    private readonly replicaUrls: string[],
  ) {}

  async start(): Promise<void> {
    this.primary = await connect(this.primaryUrl);
    for (const url of this.replicaUrls) {
      const client = await connect(url);
      // The standby's application_name on the primary, from its primary_conninfo when readable.
      const { rows } = await client.query<{ c: string | null }>(
        "SELECT current_setting('primary_conninfo', true) AS c",
      );
      const name = /application_name=(\S+)/.exec(rows[0]?.c ?? '')?.[1] ?? maskUrl(url);
      this.standbys.push({ name, client });
    }
    this.timer = setInterval(() => void this.sample(), 1_000);
  }

  private get(name: string): Series {
    let s = this.series.get(name);
    if (!s) {
      s = { replay: [], backlog: [], staleness: [] };
      this.series.set(name, s);
    }
    return s;
  }

  private async sample(): Promise<void> {
    if (this.busy || !this.primary) return;
    this.busy = true;
    try {
      const { rows } = await this.primary.query<{
        name: string;
        bytes: string | null;
        lag_ms: number | null;
      }>(
        `SELECT application_name AS name, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::text AS bytes,
                (extract(epoch FROM replay_lag) * 1000)::float8 AS lag_ms
           FROM pg_stat_replication`,
      );
      for (const r of rows) {
        const bytes = Number(r.bytes ?? 0);
        const s = this.get(r.name);
        s.replay.push(bytes);
        s.staleness.push(bytes > 0 ? (r.lag_ms ?? 0) : 0);
      }
      for (const standby of this.standbys) {
        const { rows: own } = await standby.client.query<{ backlog: string | null }>(
          'SELECT pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::text AS backlog',
        );
        this.get(standby.name).backlog.push(Math.max(0, Number(own[0]?.backlog ?? 0)));
      }
    } catch {
      // A missed sample is a missed sample; the run goes on.
    } finally {
      this.busy = false;
    }
  }

  async stop(sharedHost: boolean): Promise<ReplicationSummary> {
    if (this.timer) clearInterval(this.timer);
    await this.primary?.end().catch(() => {});
    for (const s of this.standbys) await s.client.end().catch(() => {});
    const standbys: StandbyLag[] = [...this.series.entries()].map(([name, s]) => ({
      name,
      samples: Math.max(s.replay.length, s.backlog.length),
      replayLagBytes: pct(s.replay),
      applyBacklogBytes: pct(s.backlog),
      stalenessMs: pct(s.staleness),
    }));
    return {
      standbys,
      note: `lag sampled once a second; staleness counts replay_lag only while a standby is behind in bytes (an idle primary is not staleness)${sharedHost ? '; primary and standbys share one host here, so they do not add capacity: per-node capacity is the figure to extrapolate from' : ''}`,
    };
  }
}

/** p50 / p95 / max of 1 Hz samples (a few hundred at most). */
function pct(values: number[]): { p50: number; p95: number; max: number } {
  if (values.length === 0) return { p50: 0, p95: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { p50: Math.round(at(50)), p95: Math.round(at(95)), max: Math.round(sorted.at(-1)!) };
}

/** True when the URL points at this machine (client, primary and standbys then share its cores). */
export function isLocalUrl(url: string): boolean {
  return ['localhost', '127.0.0.1', '::1', '[::1]'].includes(new URL(url).hostname);
}
