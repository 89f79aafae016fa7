/**
 * A common timetable for the shards of one plan, kept through the database. Shard 0 manages the
 * index state alone (drop, journal, rebuild) under pgready's lock held exclusively, then publishes
 * the phase's start a moment ahead; every shard holds the lock shared while it loads. Within a phase
 * every scenario segment starts on a fixed slot of that start, whatever each shard's own plan
 * capture took, so second k of every shard is the same second. States travel in the control
 * connections' `application_name` (names.ts): nothing is written to the database.
 */
import type pg from 'pg';
import { type HeldLock, lockHolders, lockRefusal, tryWriterLock } from '../db/lock.ts';
import type { ResolvedLoadOptions } from '../load/load-options.ts';
import type { ShardSpec } from '../load/shard-instances.ts';
import { UserError } from '../util/errors.ts';
import {
  parseShardName,
  SHARD_SESSIONS_SQL,
  type ShardSighting,
  type ShardState,
  shardName,
} from './names.ts';
import { type PhaseTimetable, segmentSlotMs } from './phase-timetable.ts';
import { shardLabel } from './spec.ts';

export interface TimetableOptions {
  /** How long shard 0 waits for every shard to register, and a shard for shard 0 to appear. */
  meetTimeoutMs: number;
  /** How far ahead of now shard 0 sets each phase's start (the others capture their plans meanwhile). */
  leadMs: number;
  pollMs: number;
  signal?: AbortSignal;
}

export class ShardTimetable implements PhaseTimetable {
  readonly manager: boolean;
  private state: ShardState = { kind: 'ready' };
  private exclusive: HeldLock | undefined;
  private shared: HeldLock | undefined;
  private readonly starts = new Map<number, number>();
  private seenManager = false;

  constructor(
    private readonly client: pg.ClientBase,
    readonly shard: ShardSpec,
    private readonly fingerprint: string,
    private readonly load: ResolvedLoadOptions,
    private readonly options: TimetableOptions,
  ) {
    this.manager = shard.index === 0;
  }

  /** Registers this shard; refuses a second process with the same shard of the same plan. */
  async register(): Promise<void> {
    const twin = (await this.sightings()).find(
      (s) => s.shard.index === this.shard.index && s.shard.count === this.shard.count,
    );
    if (twin && twin.fingerprint === this.fingerprint)
      throw new UserError(
        `${shardLabel(this.shard)} of this plan is already running against this database; give each process its own --shard I/${this.shard.count}`,
      );
    await this.setState({ kind: 'ready' });
  }

  async beforePhase(p: number, step: (message: string) => void): Promise<void> {
    if (this.manager) {
      if (p === 0) await this.waitForShards(step);
      else await this.waitForOthers(p - 1, 'done', step);
      this.exclusive = await this.takeLock('exclusive');
      return;
    }
    step(`${shardLabel(this.shard)}: waiting for shard 0 to make the phase's index state`);
    await this.waitForManager(p, ['set', 'go']);
  }

  async stateReady(p: number): Promise<void> {
    if (this.manager) await this.setState({ kind: 'set', phase: p });
  }

  async ready(p: number, step: (message: string) => void): Promise<void> {
    if (this.manager) {
      await this.waitForOthers(p, 'armed', step);
      const startMs = Date.now() + this.options.leadMs;
      // Shared first, then let go of exclusive: the lock is never free for another writer between them.
      this.shared = await this.takeLock('shared');
      await this.exclusive?.release();
      this.exclusive = undefined;
      await this.setState({ kind: 'go', phase: p, startMs });
      this.starts.set(p, startMs);
      return;
    }
    await this.setState({ kind: 'armed', phase: p });
    step(`${shardLabel(this.shard)}: armed, waiting for shard 0 to publish the start`);
    const go = await this.waitForManager(p, ['go']);
    if (go.kind === 'go') this.starts.set(p, go.startMs);
    this.shared = await this.takeLock('shared');
  }

  phaseStartMs(p: number): number {
    const startMs = this.starts.get(p);
    if (startMs === undefined) throw new Error(`internal: phase ${p} has no published start`);
    return startMs;
  }

  segmentStartMs(phaseStartMs: number, segment: number): number {
    return phaseStartMs + segment * segmentSlotMs(this.load);
  }

  async afterPhase(p: number): Promise<void> {
    await this.shared?.release();
    this.shared = undefined;
    if (!this.manager) await this.setState({ kind: 'done', phase: p });
  }

  async finish(step: (message: string) => void): Promise<void> {
    if (!this.manager) return;
    const last = this.state.kind === 'go' ? this.state.phase : undefined;
    if (last !== undefined) await this.waitForOthers(last, 'done', step);
    this.exclusive = await this.takeLock('exclusive');
  }

  async abort(): Promise<void> {
    await this.setState({ kind: 'abort' }).catch(() => {});
    await this.shared?.release().catch(() => {});
    await this.exclusive?.release().catch(() => {});
    this.shared = undefined;
    this.exclusive = undefined;
  }

  private async setState(state: ShardState): Promise<void> {
    this.state = state;
    await this.client.query('SELECT set_config($1, $2, false)', [
      'application_name',
      shardName(this.shard, this.fingerprint, state),
    ]);
  }

  private async sightings(): Promise<ShardSighting[]> {
    const { rows } = await this.client.query<{ name: string }>(SHARD_SESSIONS_SQL);
    return rows.flatMap((r) => {
      const s = parseShardName(r.name);
      return s ? [s] : [];
    });
  }

  /** Shard 0: every other shard of this plan has registered (or the timeout says which did not). */
  private async waitForShards(step: (message: string) => void): Promise<void> {
    step(`${shardLabel(this.shard)}: waiting for ${this.shard.count - 1} other shard(s) to register`);
    await this.poll(this.options.meetTimeoutMs, async () => {
      const mine = (await this.sightings()).filter((s) => s.shard.count === this.shard.count);
      const stranger = mine.find((s) => s.fingerprint !== this.fingerprint);
      if (stranger)
        throw new UserError(
          `${shardLabel(stranger.shard)} on this database runs another plan (fingerprint ${stranger.fingerprint}, this one ${this.fingerprint}): start every shard with the same scenarios, phases, load, seed, pool and target`,
        );
      const present = new Set(mine.filter((s) => s.state.kind !== 'abort').map((s) => s.shard.index));
      const missing = this.others().filter((i) => !present.has(i));
      return missing.length === 0 ? true : { waitingFor: missing };
    });
  }

  /** Shard 0: every other shard reached `kind` (armed, done) of phase `p`. */
  private async waitForOthers(
    p: number,
    kind: 'armed' | 'done',
    step: (message: string) => void,
  ): Promise<void> {
    step(
      `${shardLabel(this.shard)}: waiting for the other shards to ${kind === 'armed' ? 'connect their app instances' : 'finish the phase'}`,
    );
    let absentSince: number | undefined;
    await this.poll(Number.POSITIVE_INFINITY, async () => {
      const mine = (await this.sightings()).filter(
        (s) => s.shard.count === this.shard.count && s.fingerprint === this.fingerprint,
      );
      const aborted = mine.find((s) => s.state.kind === 'abort');
      if (aborted) throw new UserError(`${shardLabel(aborted.shard)} gave up; this shard stops too`);
      const reached = new Set(
        mine
          .filter((s) => (s.state.kind === kind || s.state.kind === 'done') && s.state.phase >= p)
          .map((s) => s.shard.index),
      );
      const present = new Set(mine.map((s) => s.shard.index));
      const missing = this.others().filter((i) => !reached.has(i));
      const gone = missing.filter((i) => !present.has(i));
      // A shard whose session vanished for longer than the meeting timeout is not coming back.
      if (gone.length === 0) absentSince = undefined;
      else {
        absentSince ??= Date.now();
        if (Date.now() - absentSince > this.options.meetTimeoutMs)
          throw new UserError(
            `shard(s) ${gone.join(', ')} of ${this.shard.count} went away during the run; its parts cannot be merged`,
          );
      }
      return missing.length === 0 ? true : { waitingFor: missing };
    });
  }

  /** The others: shard 0 reached one of `kinds` in phase `p`; returns its state. */
  private async waitForManager(p: number, kinds: ShardState['kind'][]): Promise<ShardState> {
    let found: ShardState = { kind: 'ready' };
    let absentSince = Date.now();
    await this.poll(Number.POSITIVE_INFINITY, async () => {
      const zero = (await this.sightings()).find(
        (s) =>
          s.shard.index === 0 && s.shard.count === this.shard.count && s.fingerprint === this.fingerprint,
      );
      if (zero?.state.kind === 'abort') throw new UserError('shard 0 gave up; this shard stops too');
      if (zero && kinds.includes(zero.state.kind) && 'phase' in zero.state && zero.state.phase === p) {
        found = zero.state;
        return true;
      }
      if (zero) {
        this.seenManager = true;
        absentSince = Date.now();
      } else if (Date.now() - absentSince > this.options.meetTimeoutMs) {
        throw new UserError(
          this.seenManager
            ? 'shard 0 went away during the run; this shard stops too'
            : `shard 0 of this plan did not appear within ${this.options.meetTimeoutMs / 1000} s (start it with the same scenarios, phases, load, seed, pool and target; --shard-timeout waits longer)`,
        );
      }
      return { waitingFor: [0] };
    });
    return found;
  }

  private others(): number[] {
    return Array.from({ length: this.shard.count }, (_, i) => i).filter((i) => i !== this.shard.index);
  }

  private async takeLock(mode: 'exclusive' | 'shared'): Promise<HeldLock> {
    let held: HeldLock | undefined;
    await this.poll(this.options.meetTimeoutMs, async () => {
      const name = shardName(this.shard, this.fingerprint, this.state);
      const outcome = await tryWriterLock(this.client, 'run', mode, name);
      if ('lock' in outcome) {
        held = outcome.lock;
        return true;
      }
      return { waitingFor: [], holders: outcome.holders };
    }).catch(async (error: unknown) => {
      if (error instanceof TimeoutError)
        throw new UserError(
          lockRefusal(`run --shard ${this.shard.index}/${this.shard.count}`, await lockHolders(this.client)),
        );
      throw error;
    });
    return held!;
  }

  /** Calls `check` every poll until it returns true; throws TimeoutError (or a UserError naming the missing shards). */
  private async poll(
    timeoutMs: number,
    check: () => Promise<true | { waitingFor: number[]; holders?: unknown }>,
  ): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (this.options.signal?.aborted) throw new UserError('interrupted while waiting for the other shards');
      const outcome = await check();
      if (outcome === true) return;
      if (Date.now() > until) {
        if (outcome.waitingFor.length > 0)
          throw new UserError(
            `shard(s) ${outcome.waitingFor.join(', ')} of ${this.shard.count} did not register within ${timeoutMs / 1000} s; start every shard (--shard 0/${this.shard.count} … ${this.shard.count - 1}/${this.shard.count}) with the same plan, or wait longer with --shard-timeout`,
          );
        throw new TimeoutError();
      }
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs));
    }
  }
}

class TimeoutError extends Error {}
