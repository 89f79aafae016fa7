/**
 * `pgready db …` and `pgready db replica …`: start, stop, inspect and remove the embedded server and its standbys.
 * Imported only when the command runs (commands/db.ts defines its options and help).
 */
import readline from 'node:readline/promises';
import { loadConfig } from '../../config/load.ts';
import { resolveEmbeddedHome } from '../../db/embedded/home.ts';
import { EmbeddedServer } from '../../db/embedded/server.ts';
import { ReplicaSet } from '../../db/replica/standby.ts';
import { maskUrl } from '../../db/url.ts';
import { UserError } from '../../util/errors.ts';
import { fmtBytes } from '../../util/format.ts';
import { output } from '../options.ts';

/** Asks a yes/no question on the terminal; only "y" or "yes" is yes. */
async function confirm(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export interface DbOptions {
  home?: string;
  port?: number;
  json?: boolean;
  config?: string;
  showPassword?: boolean;
  replica?: number;
  count?: number;
}

async function server(options: DbOptions): Promise<EmbeddedServer> {
  const { config } = await loadConfig(options.config ? { file: options.config } : {});
  const port = options.port ?? config.embedded.port;
  return new EmbeddedServer({
    home: resolveEmbeddedHome({ flag: options.home, config: config.embedded.home }),
    ...(port ? { port } : {}),
  });
}

export async function dbStart(options: DbOptions): Promise<void> {
  const s = await server(options);
  const { startedNow, state } = await s.start();
  const url = maskUrl(s.url());
  output(
    options.json,
    { started: startedNow, url, port: state.port, dataDir: state.dataDir, note: state.fallbackReason },
    () =>
      [
        startedNow
          ? `embedded PostgreSQL ${state.major} started on port ${state.port}`
          : `embedded PostgreSQL already running on port ${state.port}`,
        `data directory: ${state.dataDir}`,
        ...(state.fallbackReason ? [`note: ${state.fallbackReason}`] : []),
        `url: ${url}`,
        'stop it with: pgready db stop',
      ].join('\n'),
  );
}

export async function dbStop(options: DbOptions): Promise<void> {
  const result = (await server(options)).stop();
  output(options.json, result, () =>
    result.stopped ? 'embedded PostgreSQL stopped' : `nothing to stop: ${result.reason}`,
  );
}

export async function dbStatus(options: DbOptions): Promise<void> {
  const status = (await server(options)).status();
  output(options.json, status, () => {
    if (!status.initialised) return 'embedded PostgreSQL: not set up yet (pgready db start creates it)';
    return [
      `embedded PostgreSQL ${status.major}: ${status.running ? `running (pid ${status.pid}, port ${status.port})` : `stopped (port ${status.port})`}`,
      `data directory: ${status.dataDir} (${fmtBytes(status.sizeBytes ?? 0)}; pgready db destroy removes it)`,
      ...(status.running && !status.startedByPgready ? ['note: this server was not started by pgready'] : []),
    ].join('\n');
  });
}

export async function dbDestroy(options: DbOptions & { yes?: boolean }): Promise<void> {
  const embedded = await server(options);
  const plan = embedded.destroyPlan();
  if (!plan) {
    output(
      options.json,
      { removed: [] },
      () => `nothing to destroy: no embedded server is set up in ${embedded.home}`,
    );
    return;
  }
  if (!options.yes) {
    const question = `remove the embedded PostgreSQL's data (${fmtBytes(plan.sizeBytes)}): ${plan.paths.join(', ')}? [y/N] `;
    if (!process.stdin.isTTY)
      throw new UserError(
        `pgready db destroy would ${question.replace(/\? \[y\/N\] $/, '')}; add --yes to confirm without a terminal`,
      );
    if (!(await confirm(question))) {
      output(options.json, { removed: [] }, () => 'nothing removed');
      return;
    }
  }
  const result = embedded.destroy();
  output(options.json, result, () =>
    [result.stopped ? 'embedded PostgreSQL stopped' : '', ...result.removed.map((p) => `removed ${p}`)]
      .filter(Boolean)
      .join('\n'),
  );
}

export async function dbUrl(options: DbOptions): Promise<void> {
  const s = await server(options);
  const url = options.replica !== undefined ? new ReplicaSet(s).url(options.replica) : s.url();
  const shown = options.showPassword ? url : maskUrl(url);
  output(options.json, { url: shown }, () => shown);
}

const say = (line: string) => process.stderr.write(`pgready: ${line}\n`);

export async function replicaStart(options: DbOptions): Promise<void> {
  const set = new ReplicaSet(await server(options), say);
  const made = await set.start(options.count ?? 1);
  const all = set.list();
  output(
    options.json,
    { started: made, replicas: all.map((r) => ({ ...r, url: maskUrl(set.url(r.index)) })) },
    () =>
      [
        made.length ? `started ${made.length} standby(s)` : `already ${all.length} standby(s)`,
        ...all.map(
          (r) => `replica ${r.index}: port ${r.port}, ${maskUrl(set.url(r.index))} (data ${r.dataDir})`,
        ),
        'route reads to them with: pgready run --replica-url "$(pgready db url --replica 1 --show-password)"',
        'note: primary and standbys share this machine; they do not add capacity here',
      ].join('\n'),
  );
}

export async function replicaStop(options: DbOptions): Promise<void> {
  const removed = await new ReplicaSet(await server(options), say).stop();
  output(options.json, { removed }, () =>
    removed ? `removed ${removed} standby(s)` : 'no standby to remove',
  );
}

export async function replicaStatus(options: DbOptions): Promise<void> {
  const set = new ReplicaSet(await server(options));
  const status = await set.status();
  output(options.json, status, () =>
    status.length === 0
      ? 'no standby (pgready db replica start makes one)'
      : status
          .map(
            (r) =>
              `replica ${r.index}: port ${r.port}, ${r.running ? 'running' : 'stopped'}${r.inRecovery ? ', in recovery (hot standby)' : ''}${r.replayLagBytes !== undefined ? `, replay ${r.replayLagBytes} bytes behind` : ''}`,
          )
          .join('\n'),
  );
}
