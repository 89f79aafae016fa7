/**
 * Hot standbys of the embedded primary, made without pg_basebackup (the embedded package ships only
 * initdb, pg_ctl and postgres): a physical replication slot, pg_backup_start / pg_backup_stop in ONE
 * connection around a copy of the data directory, the backup_label pg_backup_stop returns,
 * standby.signal, primary_conninfo and primary_slot_name. Each standby has its own port and data
 * directory next to the primary's; `<home>/replicas.json` records them.
 *
 * The primary runs with wal_level=minimal (fast COPY while seeding): the first standby switches it
 * to replica (ALTER SYSTEM + restart, reported through `say`), removing the last switches it back.
 */

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { UserError } from '../../util/errors.ts';
import { connect } from '../connect.ts';
import { pgBinaries } from '../embedded/binaries.ts';
import { asServerUser, serverUser } from '../embedded/osuser.ts';
import { EMBEDDED_DATABASE, type EmbeddedServer } from '../embedded/server.ts';
import { readPassword } from '../embedded/state.ts';
import { acquireWriterLock } from '../lock.ts';

const SLOT_PREFIX = 'pgready_replica_';

const replicaSchema = z.object({
  index: z.number().int(),
  port: z.number().int(),
  dataDir: z.string(),
  slot: z.string(),
});
const fileSchema = z.object({ version: z.literal(1), replicas: z.array(replicaSchema) });
export type ReplicaRecord = z.infer<typeof replicaSchema>;

/** Settings a standby needs on the primary (ALTER SYSTEM; reset when the last standby goes). */
const PRIMARY_REPLICATION_SETTINGS: Record<string, string> = {
  wal_level: 'replica',
  max_wal_senders: '10',
  max_replication_slots: '10',
};

export interface ReplicaStatus extends ReplicaRecord {
  running: boolean;
  inRecovery?: boolean;
  /** Bytes the standby's replay is behind the primary's current WAL position. */
  replayLagBytes?: number;
}

export class ReplicaSet {
  constructor(
    private readonly primary: EmbeddedServer,
    private readonly say: (line: string) => void = () => {},
  ) {}

  private get file(): string {
    return path.join(this.primary.home, 'replicas.json');
  }

  list(): ReplicaRecord[] {
    if (!fs.existsSync(this.file)) return [];
    const parsed = fileSchema.safeParse(JSON.parse(fs.readFileSync(this.file, 'utf8')));
    return parsed.success ? parsed.data.replicas : [];
  }

  private save(replicas: ReplicaRecord[]): void {
    if (replicas.length === 0) fs.rmSync(this.file, { force: true });
    else fs.writeFileSync(this.file, `${JSON.stringify({ version: 1, replicas }, null, 2)}\n`);
  }

  /** URL of standby `index` (1-based) for the seeded database; carries the password: mask it. */
  url(index: number, database = EMBEDDED_DATABASE): string {
    const r = this.list().find((x) => x.index === index);
    if (!r) {
      const known = this.list().map((x) => x.index);
      throw new UserError(
        `there is no replica ${index}; ${known.length ? `known: ${known.join(', ')}` : 'start one with: pgready db replica start'}`,
      );
    }
    const password = encodeURIComponent(readPassword(this.primary.layout));
    return `postgresql://postgres:${password}@127.0.0.1:${r.port}/${encodeURIComponent(database)}`;
  }

  /** Starts standbys until `count` exist; returns the ones started now. */
  async start(count: number): Promise<ReplicaRecord[]> {
    await this.primary.start();
    await this.refuseDuringRun();
    await this.ensureReplicationLevel();
    const existing = this.list();
    const made: ReplicaRecord[] = [];
    for (let index = existing.length + 1; index <= count; index++) {
      const state = this.primary.state()!;
      const record: ReplicaRecord = {
        index,
        port: await freePortFrom(state.port + index, new Set(this.list().map((r) => r.port))),
        dataDir: path.join(path.dirname(state.dataDir), `replica-${index}`),
        slot: `${SLOT_PREFIX}${index}`,
      };
      this.say(`making standby ${index}: slot ${record.slot}, base backup copy to ${record.dataDir}`);
      await this.makeStandby(record);
      this.save([...this.list(), record]);
      this.pgCtl(
        [
          'start',
          '-D',
          record.dataDir,
          '-l',
          path.join(record.dataDir, 'pgready-server.log'),
          '-w',
          '-t',
          '120',
          '-o',
          `-p ${record.port}`,
        ],
        'start standby',
      );
      await this.waitStreaming(record);
      this.say(`standby ${index} streaming on port ${record.port}`);
      made.push(record);
    }
    for (const r of existing)
      if (!this.running(r))
        this.pgCtl(
          [
            'start',
            '-D',
            r.dataDir,
            '-l',
            path.join(r.dataDir, 'pgready-server.log'),
            '-w',
            '-t',
            '120',
            '-o',
            `-p ${r.port}`,
          ],
          'start standby',
        );
    return made;
  }

  /** Stops and removes every standby, drops their slots, and puts the primary back to wal_level=minimal. */
  async stop(): Promise<number> {
    const replicas = this.list();
    for (const r of replicas) {
      if (this.running(r))
        this.pgCtl(['stop', '-D', r.dataDir, '-m', 'fast', '-w', '-t', '60'], 'stop standby');
      fs.rmSync(r.dataDir, { recursive: true, force: true });
    }
    this.save([]);
    if (this.primary.status().running) {
      const client = await connect(this.primary.url('postgres'));
      try {
        await client.query(
          `SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name LIKE '${SLOT_PREFIX}%' AND NOT active`,
        );
        const { rows } = await client.query<{ setting: string }>(
          "SELECT setting FROM pg_settings WHERE name = 'wal_level'",
        );
        if (rows[0]?.setting !== 'minimal') {
          for (const name of Object.keys(PRIMARY_REPLICATION_SETTINGS))
            await client.query(`ALTER SYSTEM RESET ${name}`);
          await client.end();
          this.say('restarting the embedded primary: wal_level replica → minimal (no standby left)');
          this.primary.stop();
          await this.primary.start();
          return replicas.length;
        }
      } finally {
        await client.end().catch(() => {});
      }
    }
    return replicas.length;
  }

  async status(): Promise<ReplicaStatus[]> {
    const out: ReplicaStatus[] = [];
    for (const r of this.list()) {
      const running = this.running(r);
      let extra: Partial<ReplicaStatus> = {};
      if (running) {
        try {
          const client = await connect(this.url(r.index, 'postgres'));
          try {
            const { rows } = await client.query<{ rec: boolean }>('SELECT pg_is_in_recovery() AS rec');
            extra = { inRecovery: rows[0]!.rec };
          } finally {
            await client.end();
          }
          const primary = await connect(this.primary.url('postgres'));
          try {
            const { rows } = await primary.query<{ lag: string | null }>(
              'SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::text AS lag FROM pg_stat_replication WHERE application_name = $1',
              [r.slot],
            );
            if (rows[0]?.lag != null) extra.replayLagBytes = Number(rows[0].lag);
          } finally {
            await primary.end();
          }
        } catch {}
      }
      out.push({ ...r, running, ...extra });
    }
    return out;
  }

  private running(r: ReplicaRecord): boolean {
    return (
      fs.existsSync(path.join(r.dataDir, 'postmaster.pid')) &&
      this.pgCtlRaw(['status', '-D', r.dataDir]).status === 0
    );
  }

  /** A writer holds pgready's lock on the seeded database: refuse to restart under it (names it). */
  private async refuseDuringRun(): Promise<void> {
    const client = await connect(this.primary.url());
    try {
      const lock = await acquireWriterLock(client, 'db replica start');
      await lock.release();
    } finally {
      await client.end();
    }
  }

  private async ensureReplicationLevel(): Promise<void> {
    const client = await connect(this.primary.url('postgres'));
    let restart = false;
    try {
      const { rows } = await client.query<{ name: string; setting: string }>(
        'SELECT name, setting FROM pg_settings WHERE name = ANY($1)',
        [Object.keys(PRIMARY_REPLICATION_SETTINGS)],
      );
      const current = new Map(rows.map((r) => [r.name, r.setting]));
      if (current.get('wal_level') === 'minimal' || current.get('max_wal_senders') === '0') {
        for (const [name, value] of Object.entries(PRIMARY_REPLICATION_SETTINGS))
          await client.query(`ALTER SYSTEM SET ${name} = '${value}'`);
        restart = true;
      }
    } finally {
      await client.end();
    }
    if (restart) {
      this.say('restarting the embedded primary: wal_level minimal → replica (a standby needs the full WAL)');
      this.primary.stop();
      await this.primary.start();
    }
  }

  private async makeStandby(r: ReplicaRecord): Promise<void> {
    const primaryState = this.primary.state()!;
    if (fs.existsSync(r.dataDir)) fs.rmSync(r.dataDir, { recursive: true, force: true });
    const user = serverUser();
    fs.mkdirSync(r.dataDir, { mode: 0o700 });
    if (user.uid !== undefined) fs.chownSync(r.dataDir, user.uid, user.gid ?? user.uid);
    const client = new pg.Client({
      connectionString: this.primary.url('postgres'),
      application_name: 'pgready',
    });
    await client.connect();
    try {
      await client.query(
        `SELECT pg_create_physical_replication_slot($1, true) WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1)`,
        [r.slot],
      );
      // Start and stop of the backup must be on this one connection (a non-exclusive backup).
      await client.query("SELECT pg_backup_start('pgready standby', true)");
      let label: string;
      try {
        this.copyDataDir(primaryState.dataDir, r.dataDir);
      } finally {
        const { rows } = await client.query<{ labelfile: string }>(
          'SELECT labelfile FROM pg_backup_stop(true)',
        );
        label = rows[0]!.labelfile;
      }
      const password = readPassword(this.primary.layout).replace(/'/g, "''");
      const conf = [
        '# written by pgready: this data directory is a hot standby of the embedded primary',
        `primary_conninfo = 'host=127.0.0.1 port=${primaryState.port} user=postgres password=${password} application_name=${r.slot}'`,
        `primary_slot_name = '${r.slot}'`,
        'hot_standby = on',
        'hot_standby_feedback = on',
        "shared_buffers = '256MB'",
        '',
      ].join('\n');
      this.writeAsServer(path.join(r.dataDir, 'backup_label'), label);
      this.writeAsServer(path.join(r.dataDir, 'standby.signal'), '');
      fs.appendFileSync(path.join(r.dataDir, 'postgresql.auto.conf'), `\n${conf}`);
    } catch (error) {
      fs.rmSync(r.dataDir, { recursive: true, force: true });
      await client.query('SELECT pg_drop_replication_slot($1)', [r.slot]).catch(() => {});
      throw error;
    } finally {
      await client.end().catch(() => {});
    }
  }

  /** Copies the cluster as the server user, leaving out WAL, the lock file, slots and logs. */
  private copyDataDir(from: string, to: string): void {
    const script = `cd "$1" && tar cf - --warning=no-file-changed --warning=no-file-removed --ignore-failed-read --exclude=./pg_wal/* --exclude=./postmaster.pid --exclude=./postmaster.opts --exclude=./pg_replslot/* --exclude=./pg_stat_tmp/* --exclude=./pgready-server.log --exclude=./backup_label --exclude=./standby.signal . | (cd "$2" && tar xf -); s=$?; mkdir -p "$2/pg_wal/archive_status" "$2/pg_replslot" "$2/pg_stat_tmp"; exit $s`;
    const result = spawnSync('/bin/sh', ['-c', script, 'sh', from, to], {
      ...asServerUser(serverUser()),
      encoding: 'utf8',
    });
    if (result.status !== 0 && result.status !== 1)
      throw new UserError(
        `copying the data directory for the standby failed: ${(result.stderr || result.stdout).trim().split('\n').slice(-2).join(' ')}`,
      );
  }

  private writeAsServer(file: string, content: string): void {
    fs.writeFileSync(file, content, { mode: 0o600 });
    const user = serverUser();
    if (user.uid !== undefined) fs.chownSync(file, user.uid, user.gid ?? user.uid);
  }

  private async waitStreaming(r: ReplicaRecord): Promise<void> {
    const client = await connect(this.primary.url('postgres'));
    try {
      for (let i = 0; i < 600; i++) {
        const { rows } = await client.query(
          "SELECT 1 FROM pg_stat_replication WHERE application_name = $1 AND state = 'streaming'",
          [r.slot],
        );
        if (rows.length > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await client.end();
    }
    throw new UserError(
      `standby ${r.index} started but is not streaming; see ${path.join(r.dataDir, 'pgready-server.log')}`,
    );
  }

  private pgCtlRaw(args: string[]) {
    return spawnSync(pgBinaries().pgCtl, args, { ...asServerUser(serverUser()), encoding: 'utf8' });
  }

  private pgCtl(args: string[], what: string): void {
    const result = this.pgCtlRaw(args);
    if (result.status !== 0)
      throw new UserError(
        `pg_ctl could not ${what}: ${(result.stderr || result.stdout).trim().split('\n').slice(-2).join(' ')}`,
      );
  }
}

/** Standbys attached to the primary `client` talks to (pgready's replication slots), for refusals. */
export async function attachedStandbys(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_replication_slots WHERE slot_name LIKE '${SLOT_PREFIX}%'`,
  );
  return rows[0]!.n;
}

/** The first port from `start` on that nothing listens on and no other standby has. */
async function freePortFrom(start: number, taken: Set<number>): Promise<number> {
  for (let port = start; port < start + 100; port++) {
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new UserError(`no free port from ${start} to ${start + 99} on 127.0.0.1 for a standby`);
}
