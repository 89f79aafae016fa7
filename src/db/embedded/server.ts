import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { UserError } from '../../util/errors.ts';
import { pgBinaries } from './binaries.ts';
import { directorySize, pathsToRemove, removePaths } from './destroy.ts';
import { chooseDataDir, type EmbeddedLayout, layoutFor } from './layout.ts';
import { asServerUser, type ServerUser, serverUser } from './osuser.ts';
import { readPassword, readState, type ServerState, writeState } from './state.ts';

/** The port the embedded server uses unless told otherwise (5432 belongs to a system server). */
export const DEFAULT_EMBEDDED_PORT = 5488;
/** The database pgready seeds on its embedded server. */
export const EMBEDDED_DATABASE = 'pgready';
const SUPERUSER = 'postgres';

/**
 * Server settings for the embedded cluster. max_connections leaves room for several production
 * pools (100 connections each) plus pgready's own; wal_level=minimal lets COPY into a table
 * created in the same transaction skip WAL, as `pgbench -i` also benefits from.
 */
export const EMBEDDED_SETTINGS: Record<string, string> = {
  listen_addresses: "'127.0.0.1'",
  unix_socket_directories: "''",
  max_connections: '500',
  superuser_reserved_connections: '3',
  shared_buffers: "'1GB'",
  effective_cache_size: "'8GB'",
  work_mem: "'16MB'",
  maintenance_work_mem: "'1GB'",
  max_wal_size: "'8GB'",
  checkpoint_timeout: "'30min'",
  wal_level: 'minimal',
  max_wal_senders: '0',
  synchronous_commit: 'off',
  track_io_timing: 'on',
  jit: 'off',
};

export interface EmbeddedStatus {
  initialised: boolean;
  running: boolean;
  port?: number;
  pid?: number;
  dataDir?: string;
  major?: number;
  /** True when the running server is the one pgready started (its pid is recorded). */
  startedByPgready: boolean;
  fallbackReason?: string;
  /** Bytes in the data directory. */
  sizeBytes?: number;
}

export class EmbeddedServer {
  readonly home: string;
  private readonly requestedPort: number | undefined;
  private readonly user: ServerUser;

  constructor(options: { home: string; port?: number }) {
    this.home = path.resolve(options.home);
    this.requestedPort = options.port;
    this.user = serverUser();
  }

  get layout(): EmbeddedLayout {
    const state = this.state();
    return layoutFor(this.home, state?.dataDir ?? path.join(this.home, 'data'), state?.fallbackReason);
  }

  state(): ServerState | undefined {
    return readState(path.join(this.home, 'server.json'));
  }

  /** Admin URL (superuser) for a database on this server; the password is real: mask before printing. */
  url(database = EMBEDDED_DATABASE): string {
    const state = this.requireState();
    const password = encodeURIComponent(readPassword(this.layout));
    return `postgresql://${SUPERUSER}:${password}@127.0.0.1:${state.port}/${encodeURIComponent(database)}`;
  }

  status(): EmbeddedStatus {
    const state = this.state();
    if (!state) return { initialised: false, running: false, startedByPgready: false };
    const pidInfo = this.postmasterPid(state.dataDir);
    const running = pidInfo !== undefined && this.pgCtl(['status', '-D', state.dataDir]).status === 0;
    return {
      initialised: true,
      running,
      port: pidInfo?.port ?? state.port,
      ...(running && pidInfo ? { pid: pidInfo.pid } : {}),
      dataDir: state.dataDir,
      sizeBytes: directorySize(state.dataDir),
      major: state.major,
      startedByPgready: running && pidInfo?.pid === state.pid,
      ...(state.fallbackReason ? { fallbackReason: state.fallbackReason } : {}),
    };
  }

  /**
   * Starts the server detached (pg_ctl), initialising the cluster first if needed. Returns whether
   * this call started it, so a command that started it for itself knows to stop it.
   */
  async start(): Promise<{ startedNow: boolean; state: ServerState }> {
    const binaries = pgBinaries();
    let state = this.state() ?? (await this.initialise());
    if (state.major !== binaries.major) {
      throw new UserError(
        `the data directory ${state.dataDir} holds a PostgreSQL ${state.major} cluster, but the embedded binaries are PostgreSQL ${binaries.major}; use another --home, or remove ${this.home} to start afresh`,
      );
    }
    const onDisk = readPgVersion(state.dataDir);
    if (onDisk !== undefined && onDisk !== binaries.major) {
      throw new UserError(
        `the data directory ${state.dataDir} holds a PostgreSQL ${onDisk} cluster, but the embedded binaries are PostgreSQL ${binaries.major}; use another --home, or remove it to start afresh`,
      );
    }
    const status = this.status();
    if (status.running) {
      if (status.port !== state.port) {
        throw new UserError(
          `the data directory ${state.dataDir} is locked by another server (pid ${status.pid}, port ${status.port}) that pgready did not start; stop that server first`,
        );
      }
      return { startedNow: false, state };
    }
    if (this.requestedPort !== undefined && this.requestedPort !== state.port) {
      state = { ...state, port: this.requestedPort };
    }
    await assertPortFree(state.port);
    const result = this.pgCtl([
      'start',
      '-D',
      state.dataDir,
      '-l',
      this.layout.logFile,
      '-w',
      '-t',
      '120',
      '-o',
      `-p ${state.port}`,
    ]);
    if (result.status !== 0) throw this.startError(state, `${result.stdout}${result.stderr}`);
    const pid = this.postmasterPid(state.dataDir)?.pid;
    state = { ...state, ...(pid ? { pid } : {}), startedAt: new Date().toISOString() };
    writeState(this.layout.stateFile, state);
    await this.ensureDatabase();
    return { startedNow: true, state };
  }

  /** Stops the server, but only one pgready started (its recorded postmaster pid). */
  stop(): { stopped: boolean; reason?: string } {
    const state = this.state();
    if (!state) return { stopped: false, reason: `no embedded server is set up in ${this.home}` };
    const status = this.status();
    if (!status.running) return { stopped: false, reason: 'the embedded server is not running' };
    if (!status.startedByPgready) {
      throw new UserError(
        `the server on ${state.dataDir} (pid ${status.pid}) was not started by pgready; stop it the way it was started`,
      );
    }
    const result = this.pgCtl(['stop', '-D', state.dataDir, '-m', 'fast', '-w', '-t', '60']);
    if (result.status !== 0)
      throw new UserError(`pg_ctl stop failed: ${(result.stderr || result.stdout).trim()}`);
    const { pid: _pid, startedAt: _startedAt, ...rest } = state;
    writeState(this.layout.stateFile, rest);
    return { stopped: true };
  }

  /**
   * Stops the server (if pgready started it) and removes what pgready made for it: the data
   * directory, its temp-folder parent after a fallback, the state and password files. Refused
   * while a server pgready did not start runs on that data directory.
   */
  destroy(): { removed: string[]; stopped: boolean } {
    const state = this.state();
    if (!state) return { removed: [], stopped: false };
    const stopped = this.stop().stopped;
    return {
      removed: removePaths(
        this.home,
        pathsToRemove(this.home, state.dataDir, state.fallbackReason !== undefined),
      ),
      stopped,
    };
  }

  /** What `destroy` would remove, and how big the data is. */
  destroyPlan(): { paths: string[]; sizeBytes: number } | undefined {
    const state = this.state();
    if (!state) return undefined;
    return {
      paths: pathsToRemove(this.home, state.dataDir, state.fallbackReason !== undefined),
      sizeBytes: directorySize(state.dataDir),
    };
  }

  private requireState(): ServerState {
    const state = this.state();
    if (!state)
      throw new UserError(`no embedded server is set up in ${this.home}; run "pgready db start" first`);
    return state;
  }

  private async initialise(): Promise<ServerState> {
    const binaries = pgBinaries();
    fs.mkdirSync(this.home, { recursive: true });
    fs.chmodSync(this.home, 0o755);
    const { dataDir, fallbackReason } = chooseDataDir(this.home, this.user);
    const layout = layoutFor(this.home, dataDir, fallbackReason);
    const password = crypto.randomBytes(18).toString('base64url');
    fs.writeFileSync(layout.passwordFile, `${password}\n`, { mode: 0o600 });
    fs.chmodSync(layout.passwordFile, 0o600);
    // initdb reads the password from a file the server user can read; it is removed right after.
    const pwfile = path.join(dataDir, '..', `.pwfile-${process.pid}`);
    fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (this.user.uid !== undefined) fs.chownSync(pwfile, this.user.uid, this.user.gid ?? this.user.uid);
    try {
      const result = spawnSync(
        binaries.initdb,
        [
          `--pgdata=${dataDir}`,
          `--username=${SUPERUSER}`,
          `--pwfile=${pwfile}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--locale=C',
        ],
        { ...asServerUser(this.user), encoding: 'utf8' },
      );
      if (result.status !== 0) {
        throw new UserError(
          `initdb failed for ${dataDir}: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ')}`,
        );
      }
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
    const conf = Object.entries(EMBEDDED_SETTINGS)
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n');
    const confFile = path.join(dataDir, 'pgready.conf');
    fs.writeFileSync(confFile, `# written by pgready: settings of the embedded server\n${conf}\n`);
    fs.appendFileSync(path.join(dataDir, 'postgresql.conf'), "\ninclude 'pgready.conf'\n");
    if (this.user.uid !== undefined) fs.chownSync(confFile, this.user.uid, this.user.gid ?? this.user.uid);
    const state: ServerState = {
      version: 1,
      port: this.requestedPort ?? DEFAULT_EMBEDDED_PORT,
      major: binaries.major,
      dataDir,
      osUser: this.user.name,
      settings: Object.fromEntries(
        Object.entries(EMBEDDED_SETTINGS).map(([k, v]) => [k, v.replace(/^'|'$/g, '')]),
      ),
      createdAt: new Date().toISOString(),
      ...(fallbackReason ? { fallbackReason } : {}),
    };
    writeState(layout.stateFile, state);
    return state;
  }

  private async ensureDatabase(): Promise<void> {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: this.url('postgres'), application_name: 'pgready' });
    await client.connect();
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
    } finally {
      await client.end();
    }
  }

  private pgCtl(args: string[]) {
    return spawnSync(pgBinaries().pgCtl, args, { ...asServerUser(this.user), encoding: 'utf8' });
  }

  private postmasterPid(dataDir: string): { pid: number; port: number } | undefined {
    try {
      const lines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
      return { pid: Number(lines[0]), port: Number(lines[3]) };
    } catch {
      return undefined;
    }
  }

  private startError(state: ServerState, output: string): UserError {
    let log = '';
    try {
      log = fs.readFileSync(this.layout.logFile, 'utf8').split('\n').slice(-15).join('\n');
    } catch {}
    const text = `${output}\n${log}`;
    if (/lock file .* already exists/i.test(text)) {
      return new UserError(
        `the data directory ${state.dataDir} is locked by another server (postmaster.pid); stop it, or remove the lock file if no server runs`,
      );
    }
    if (/could not bind|address already in use/i.test(text)) return portTakenError(state.port);
    if (/incompatible with server|database files are incompatible/i.test(text)) {
      return new UserError(
        `the data directory ${state.dataDir} was made by another PostgreSQL major version; use another --home or remove it`,
      );
    }
    const lastError =
      text
        .split('\n')
        .filter((l) => /FATAL|ERROR|error/i.test(l))
        .slice(-1)[0] ?? text.trim().split('\n').slice(-1)[0];
    return new UserError(
      `the embedded PostgreSQL did not start: ${lastError?.trim()} (log: ${this.layout.logFile})`,
    );
  }
}

function readPgVersion(dataDir: string): number | undefined {
  try {
    return Number(fs.readFileSync(path.join(dataDir, 'PG_VERSION'), 'utf8').trim());
  } catch {
    return undefined;
  }
}

function portTakenError(port: number): UserError {
  return new UserError(
    `port ${port} on 127.0.0.1 is taken by another process, so the embedded PostgreSQL cannot listen there; free it, or choose another with "pgready db start --port N" (saved with the data directory)`,
  );
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? portTakenError(port) : error),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}
