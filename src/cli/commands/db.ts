import path from 'node:path';
import readline from 'node:readline/promises';
import { Command } from 'commander';
import { DEFAULTS } from '../../config/defaults.ts';
import { loadConfig } from '../../config/load.ts';
import { EmbeddedServer } from '../../db/embedded/server.ts';
import { maskUrl } from '../../db/url.ts';
import { UserError } from '../../util/errors.ts';
import { fmtBytes } from '../../util/format.ts';
import { output, parsePort } from '../options.ts';

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
    .action(async (options: DbOptions) => {
      const url = (await server(options)).url();
      const shown = options.showPassword ? url : maskUrl(url);
      output(options.json, { url: shown }, () => shown);
    });

  return db;
}
