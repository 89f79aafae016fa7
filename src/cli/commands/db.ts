import path from 'node:path';
import readline from 'node:readline/promises';
import { Command } from 'commander';
import { DEFAULTS } from '../../config/defaults.ts';
import { loadConfig } from '../../config/load.ts';
import { EmbeddedServer } from '../../db/embedded/server.ts';
import { ReplicaSet } from '../../db/replica/standby.ts';
import { maskUrl } from '../../db/url.ts';
import { UserError } from '../../util/errors.ts';
import { fmtBytes } from '../../util/format.ts';
import { output, parsePort, parsePositiveInt } from '../options.ts';

/** Asks a yes/no question on the terminal; only "y" or "yes" is yes. */
async function confirm(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

interface DbOptions {
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
    home: path.resolve(options.home ?? config.embedded.home ?? DEFAULTS.embeddedHome),
    ...(port ? { port } : {}),
  });
}

function withCommon(command: Command): Command {
  return command
    .option('--home <dir>', 'embedded server home: state, password, data directory (default: .pgready)')
    .option('--config <file>', 'config file (default: pgready.config.json in the working directory)')
    .option('--json', 'print JSON');
}

export function dbCommand(): Command {
  const db = new Command('db').description('manage the embedded PostgreSQL server (the default database)');

  withCommon(db.command('start'))
    .description('start the embedded server detached, so several commands can share one seed')
    .option('--port <port>', `port to listen on (saved with the data directory; default ${5488})`, parsePort)
    .action(async (options: DbOptions) => {
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
    });

  withCommon(db.command('stop'))
    .description('stop the embedded server (only one pgready started)')
    .action(async (options: DbOptions) => {
      const result = (await server(options)).stop();
      output(options.json, result, () =>
        result.stopped ? 'embedded PostgreSQL stopped' : `nothing to stop: ${result.reason}`,
      );
    });

  withCommon(db.command('status'))
    .description('show whether the embedded server is set up and running')
    .action(async (options: DbOptions) => {
      const status = (await server(options)).status();
      output(options.json, status, () => {
        if (!status.initialised) return 'embedded PostgreSQL: not set up yet (pgready db start creates it)';
        return [
          `embedded PostgreSQL ${status.major}: ${status.running ? `running (pid ${status.pid}, port ${status.port})` : `stopped (port ${status.port})`}`,
          `data directory: ${status.dataDir} (${fmtBytes(status.sizeBytes ?? 0)}; pgready db destroy removes it)`,
          ...(status.running && !status.startedByPgready
            ? ['note: this server was not started by pgready']
            : []),
        ].join('\n');
      });
    });

  withCommon(db.command('destroy'))
    .description('stop the embedded server and remove its data directory, state and password (asks first)')
    .option('--yes', 'do not ask (for scripts and CI)')
    .action(async (options: DbOptions & { yes?: boolean }) => {
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
    });

  withCommon(db.command('url'))
    .description('print the embedded server URL (password masked unless --show-password)')
    .option('--show-password', 'print the real password (for psql or your application)')
    .option('--replica <i>', 'the URL of standby i (see pgready db replica status)', parsePositiveInt)
    .action(async (options: DbOptions) => {
      const s = await server(options);
      const url = options.replica !== undefined ? new ReplicaSet(s).url(options.replica) : s.url();
      const shown = options.showPassword ? url : maskUrl(url);
      output(options.json, { url: shown }, () => shown);
    });

  db.addCommand(replicaCommand());
  return db;
}

/** `pgready db replica start|stop|status`: hot standbys of the embedded primary. */
function replicaCommand(): Command {
  const replica = new Command('replica').description(
    'hot standbys of the embedded server (each on its own port and data directory), for routed reads',
  );
  const say = (line: string) => process.stderr.write(`pgready: ${line}\n`);
  withCommon(replica.command('start'))
    .description('start standbys (the primary switches to wal_level=replica first: a restart)')
    .option('--count <n>', 'how many standbys in all (default 1)', parsePositiveInt, 1)
    .action(async (options: DbOptions) => {
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
    });
  withCommon(replica.command('stop'))
    .description('stop and remove every standby (the primary goes back to wal_level=minimal: a restart)')
    .action(async (options: DbOptions) => {
      const removed = await new ReplicaSet(await server(options), say).stop();
      output(options.json, { removed }, () =>
        removed ? `removed ${removed} standby(s)` : 'no standby to remove',
      );
    });
  withCommon(replica.command('status'))
    .description('list the standbys: port, running, in recovery, replay lag')
    .action(async (options: DbOptions) => {
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
    });
  return replica;
}
