/** Replication lag as lines (text and markdown of run and capacity results). */
import type { ReplicationSummary } from '../results/replication.ts';

export function replicationLines(r: ReplicationSummary, replicas: string[] = []): string[] {
  const lines = [
    `replicas: reads routed round-robin to ${replicas.length ? replicas.join(', ') : `${r.standbys.length} standby(s)`}; writes on the primary`,
  ];
  for (const s of r.standbys)
    lines.push(
      `  ${s.name}: replay lag p50 ${s.replayLagBytes.p50} / p95 ${s.replayLagBytes.p95} / max ${s.replayLagBytes.max} bytes; apply backlog p95 ${s.applyBacklogBytes.p95} bytes; staleness p50 ${s.stalenessMs.p50} / p95 ${s.stalenessMs.p95} / max ${s.stalenessMs.max} ms (${s.samples} samples)`,
    );
  lines.push(`  ${r.note}`);
  return lines;
}
