import { Command } from 'commander';
import { lazyAction } from '../lazy.ts';
import { parsePort, parsePositiveInt } from '../options.ts';

function withCommon(command: Command): Command {
  return command
    .option(
      '--home <dir>',
      'embedded server home: state, password, data directory (default: ./.pgready if the folder is writable, else $XDG_DATA_HOME/pgready)',
    )
    .option('--config <file>', 'config file (default: pgready.config.json in the working directory)')
    .option('--json', 'print JSON');
}

export function dbCommand(): Command {
  const db = new Command('db').description('manage the embedded PostgreSQL server (the default database)');

  withCommon(db.command('start'))
    .description('start the embedded server detached, so several commands can share one seed')
    .option('--port <port>', `port to listen on (saved with the data directory; default ${5488})`, parsePort)
    .action(lazyAction(async () => (await import('../actions/db.ts')).dbStart));

  withCommon(db.command('stop'))
    .description('stop the embedded server (only one pgready started)')
    .action(lazyAction(async () => (await import('../actions/db.ts')).dbStop));

  withCommon(db.command('status'))
    .description('show whether the embedded server is set up and running')
    .action(lazyAction(async () => (await import('../actions/db.ts')).dbStatus));

  withCommon(db.command('destroy'))
    .description('stop the embedded server and remove its data directory, state and password (asks first)')
    .option('--yes', 'do not ask (for scripts and CI)')
    .action(lazyAction(async () => (await import('../actions/db.ts')).dbDestroy));

  withCommon(db.command('url'))
    .description('print the embedded server URL (password masked unless --show-password)')
    .option('--show-password', 'print the real password (for psql or your application)')
    .option('--replica <i>', 'the URL of standby i (see pgready db replica status)', parsePositiveInt)
    .action(lazyAction(async () => (await import('../actions/db.ts')).dbUrl));

  db.addCommand(replicaCommand());
  return db;
}

/** `pgready db replica start|stop|status`: hot standbys of the embedded primary. */
function replicaCommand(): Command {
  const replica = new Command('replica').description(
    'hot standbys of the embedded server (each on its own port and data directory), for routed reads',
  );
  withCommon(replica.command('start'))
    .description('start standbys (the primary switches to wal_level=replica first: a restart)')
    .option('--count <n>', 'how many standbys in all (default 1)', parsePositiveInt, 1)
    .action(lazyAction(async () => (await import('../actions/db.ts')).replicaStart));
  withCommon(replica.command('stop'))
    .description('stop and remove every standby (the primary goes back to wal_level=minimal: a restart)')
    .action(lazyAction(async () => (await import('../actions/db.ts')).replicaStop));
  withCommon(replica.command('status'))
    .description('list the standbys: port, running, in recovery, replay lag')
    .action(lazyAction(async () => (await import('../actions/db.ts')).replicaStatus));
  return replica;
}
