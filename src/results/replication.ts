/** Replication lag as a run or a capacity sweep saw it, sampled once a second on the primary and each standby. */
export interface StandbyLag {
  /** The standby's application_name on the primary (pg_stat_replication), or its masked URL. */
  name: string;
  samples: number;
  /** pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) on the primary, bytes. */
  replayLagBytes: { p50: number; p95: number; max: number };
  /** receive − replay LSN on the standby itself, bytes (WAL received but not yet applied). */
  applyBacklogBytes: { p50: number; p95: number; max: number };
  /**
   * replay_lag while the standby was behind (byte lag > 0), ms. While the primary is idle the
   * time-based lag keeps growing without any staleness: those samples count as 0.
   */
  stalenessMs: { p50: number; p95: number; max: number };
}

export interface ReplicationSummary {
  standbys: StandbyLag[];
  /** Plain words: what the figures mean, and that the nodes share one host when they do. */
  note: string;
}
