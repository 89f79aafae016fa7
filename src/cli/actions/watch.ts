/**
 * `pgready watch`: probes or watches passively while the demo runs, alerting on a breach.
 * Imported only when the command runs (commands/watch.ts defines its options and help).
 */
import { resolvePool } from '../../config/pool.ts';
import { connect } from '../../db/connect.ts';
import type { Protocol } from '../../load/load-options.ts';
import { initHistograms } from '../../results/histogram.ts';
import { loadScenarios } from '../../scenarios/load.ts';
import { onInterrupt, wasInterrupted } from '../../util/lifecycle.ts';
import { type AlertDetails, alertEnv, postWebhook, runHook } from '../../watch/alert.ts';
import { blockerText, lockBlockers } from '../../watch/blocker.ts';
import { WATCH_DEFAULTS as D } from '../../watch/defaults.ts';
import { alertLine, statusLine } from '../../watch/lines.ts';
import { Monitor, type MonitorEvent, type ScenarioStatus } from '../../watch/monitor.ts';
import { checkStatStatements, runPassive } from '../../watch/passive.ts';
import { runProbe } from '../../watch/probe.ts';
import { drawWatchSamples } from '../../watch/samples.ts';
import { EXIT } from '../exit.ts';
import type { CommonOptions } from '../options.ts';
import { openTarget } from '../target.ts';

export interface WatchCliOptions extends CommonOptions {
  rate?: number;
  duration?: number;
  window: number;
  breachFor: number;
  stallAfter?: number;
  onBreach?: string;
  webhook?: string;
  keepGoing?: boolean;
  passive?: boolean;
  once?: boolean;
  protocol: Protocol;
  seed: number;
  progress: boolean;
}

async function watch(names: string[], options: WatchCliOptions): Promise<number> {
  const { target, config } = await openTarget(options);
  const controller = new AbortController();
  const unlisten = onInterrupt(() => controller.abort());
  const pending: Promise<unknown>[] = [];
  // Every query watch makes for itself (samples, catalog reads, who holds a lock) gives up on a lock
  // within a second: a monitor must never wait, blind, behind the lock it exists to report.
  const own = await connect(target.url, {
    lock_timeout: D.lockTimeoutMs,
    statement_timeout: D.ownStatementTimeoutMs,
    application_name: 'pgready watch',
  }).catch(async (error) => {
    await target.release();
    throw error;
  });
  try {
    const loaded = await loadScenarios({
      extraDirs: config.scenarioDirs,
      ...(names.length ? { names } : {}),
    });
    const windowSec = Math.max(1, Math.round(options.window / 1000));
    const durationMs = options.duration ?? (options.once ? options.window : 7 * 24 * 3_600_000);
    const latest = new Map<string, ScenarioStatus>();
    let breaches = 0;
    /** Per scenario, who held a lock in the probe's way when its breach began (looked up then). */
    const stallBlockers = new Map<string, Promise<string | undefined>>();
    const withBlocker = async (scenario: string, reason: string) => {
      if (reason.startsWith('cannot probe')) return reason;
      let who = stallBlockers.get(scenario);
      if (!who) {
        who = lockBlockers(own, true).then(blockerText);
        stallBlockers.set(scenario, who);
      }
      const text = await who;
      return text ? `${reason}; ${text}` : reason;
    };
    // Second 0 of the monitor: when the probe (or the passive reader) started.
    let started = Date.now();
    const iso = (atSec: number) => new Date(started + atSec * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const alert = (details: AlertDetails, runIt: boolean) => {
      process.stdout.write(`${alertLine(details)}\n`);
      if (runIt && options.onBreach) pending.push(runHook(options.onBreach, alertEnv(details, target.url)));
      if (options.webhook)
        pending.push(
          postWebhook(options.webhook, details, D.webhookTimeoutMs).then(
            (p) => p && process.stderr.write(`pgready: ${p}\n`),
          ),
        );
    };
    const monitor = new Monitor(
      loaded.map((l) => ({ name: l.definition.name, targetsMs: l.targetsMs })),
      {
        windowSec,
        // --once checks one window: a breach (a stall, a p95 over target) lasts at most that long.
        breachForSec: Math.max(
          1,
          Math.round((options.once ? Math.min(options.breachFor, options.window) : options.breachFor) / 1000),
        ),
        ...(options.stallAfter !== undefined ? { stallAfterMs: options.stallAfter } : {}),
      },
      (event: MonitorEvent) => {
        if (event.type === 'status') {
          latest.set(event.status.scenario, event.status);
          return;
        }
        if (event.type === 'breach') void withBlocker(event.scenario, event.reason);
        else stallBlockers.delete(event.scenario);
        if (options.once) return;
        if (event.type === 'breach') {
          breaches++;
          if (!options.keepGoing) controller.abort();
        }
        pending.push(announce(event));
      },
    );
    const announce = async (event: Extract<MonitorEvent, { scenario: string }>) => {
      const s = event.status;
      const details: AlertDetails = {
        event: event.type,
        scenario: event.scenario,
        reason:
          event.type === 'breach'
            ? await withBlocker(event.scenario, event.reason)
            : `within target again (breach began ${iso(event.breachSec)})`,
        since: iso(event.sinceSec),
        p95Ms: s.window.meanMs ?? s.window.latency.p95Us / 1000,
        targetP95Ms: s.targetsMs.p95,
        errors: s.window.errors,
        target: target.displayUrl,
      };
      alert(details, event.type === 'breach');
    };
    const view = startView(latest, windowSec, options.progress && !options.once);
    const onStarted = (elapsedMs = 0) => {
      started = Date.now() - elapsedMs;
      if (options.progress)
        process.stderr.write(
          `watch: ${options.passive ? 'reading pg_stat_statements' : 'probing'} ${loaded.length} scenario(s) on ${target.displayUrl}\n`,
        );
    };
    let seen: { requests: number; errors: number };
    try {
      if (options.passive) {
        await checkStatStatements(own);
        seen = await runPassive(own, monitor, {
          scenarios: loaded.map((l) => ({ name: l.definition.name, sql: l.definition.sql })),
          durationMs,
          signal: controller.signal,
          onStarted,
        });
      } else {
        await initHistograms();
        const { scenarios, blocked } = await drawWatchSamples(own, loaded, options.seed);
        // The probe goes on with the scenarios it could sample; the others are breaches now.
        const reportBlocked = () => {
          for (const b of blocked) monitor.cannotProbe(b.name, 0, b.reason);
        };
        if (scenarios.length === 0) {
          onStarted();
          reportBlocked();
        }
        seen = await runProbe(monitor, {
          url: target.url,
          pool: resolvePool(config.pool),
          scenarios,
          ratePerSec: options.rate ?? D.ratePerSecPerScenario * loaded.length,
          durationMs,
          protocol: options.protocol,
          seed: options.seed,
          signal: controller.signal,
          onStarted: (elapsedMs) => {
            onStarted(elapsedMs);
            reportBlocked();
          },
        });
      }
    } finally {
      view();
    }
    if (options.once) {
      const breachReasons = new Map<string, string>();
      for (const l of loaded) {
        const reason = monitor.breachReason(l.definition.name);
        if (reason) breachReasons.set(l.definition.name, await withBlocker(l.definition.name, reason));
      }
      const verdict = onceVerdict(
        loaded.map((l) => l.definition.name),
        latest,
        breachReasons,
        seen,
        windowSec,
      );
      // A cron check that finds a breach alerts as the long-running watch does: the hook and the
      // webhook, once per scenario over target, stalled or failing.
      for (const b of verdict.breached)
        alert(
          {
            event: 'breach',
            scenario: b.name,
            reason: b.reason,
            since: iso(0),
            p95Ms: b.status ? (b.status.window.meanMs ?? b.status.window.latency.p95Us / 1000) : 0,
            targetP95Ms: b.status?.targetsMs.p95 ?? 0,
            errors: b.status?.window.errors ?? 0,
            target: target.displayUrl,
          },
          true,
        );
      await Promise.all(pending);
      return verdict.code;
    }
    await Promise.all(pending);
    for (const s of latest.values()) process.stdout.write(`${statusLine(s, windowSec)}\n`);
    if (breaches > 0) return EXIT.failing;
    return wasInterrupted() ? EXIT.interrupted : EXIT.ok;
  } finally {
    unlisten();
    await own.end().catch(() => {});
    await target.release();
  }
}

/**
 * --once: 0 when every scenario's window p95 is within its target, with responses, no error and no
 * breach during the window (a stall of --breach-for, a sample it could not take); 1 when not; 2 when
 * nothing completed and nothing breached (nothing was checked).
 */
function onceVerdict(
  names: string[],
  latest: Map<string, ScenarioStatus>,
  breachReasons: Map<string, string>,
  seen: { requests: number },
  windowSec: number,
): { code: number; breached: Array<{ name: string; reason: string; status?: ScenarioStatus }> } {
  if (seen.requests === 0 && breachReasons.size === 0) {
    process.stderr.write('pgready: cannot check: no request completed during the window\n');
    return { code: EXIT.usage, breached: [] };
  }
  const breached: Array<{ name: string; reason: string; status?: ScenarioStatus }> = [];
  for (const name of names) {
    const s = latest.get(name);
    const reason = breachReasons.get(name) ?? onceReason(s);
    if (reason) breached.push({ name, reason, ...(s ? { status: s } : {}) });
    process.stdout.write(
      `${reason ? 'BREACH ' : 'OK     '}${s ? statusLine({ ...s, breached: false }, windowSec) : `${name}: no data`}\n`,
    );
  }
  process.stdout.write(
    `watch --once: ${breached.length === 0 ? 'fine' : `${breached.length} scenario(s) over target, stalled or failing`}\n`,
  );
  return { code: breached.length === 0 ? EXIT.ok : EXIT.failing, breached };
}

/** Why one scenario's window fails the --once check, or undefined when it passes. */
function onceReason(s: ScenarioStatus | undefined): string | undefined {
  if (s === undefined) return 'no data during the window';
  if (s.window.errors > 0) return `${s.window.errors} error(s) during the window`;
  if (s.window.requests === 0) return 'no request completed during the window';
  const judgedMs = s.window.meanMs ?? s.window.latency.p95Us / 1000;
  if (judgedMs > s.targetsMs.p95)
    return `${s.window.meanMs !== undefined ? 'mean' : 'p95'} ${judgedMs.toFixed(1)} ms over the ${s.targetsMs.p95} ms target`;
  return undefined;
}

/** The live view: on a TTY the block is redrawn every second; piped, one line per scenario every 10 s. */
function startView(latest: Map<string, ScenarioStatus>, windowSec: number, enabled: boolean): () => void {
  if (!enabled) return () => {};
  const tty = process.stderr.isTTY === true;
  let drawn = 0;
  const timer = setInterval(
    () => {
      const lines = [...latest.values()].map((s) => statusLine(s, windowSec));
      if (tty && drawn > 0) process.stderr.write(`\x1b[${drawn}A\x1b[J`);
      process.stderr.write(lines.map((l) => `${l}\n`).join(''));
      drawn = tty ? lines.length : 0;
    },
    tty ? 1_000 : D.printEveryMs,
  );
  return () => clearInterval(timer);
}

export async function watchAction(names: string[], options: WatchCliOptions): Promise<void> {
  process.exitCode = await watch(names, options);
}
