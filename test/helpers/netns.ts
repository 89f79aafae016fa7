/**
 * Two "hosts" on one machine: network namespaces, each joined to the host by a veth link, and a
 * PostgreSQL server of its own (the system's PostgreSQL 15 binaries, run as the unprivileged OS user
 * as src/db/embedded does) listening only on the host ends of those links, its pg_hba admitting only
 * the namespace ends. A process in a namespace reaches the server only over its own link.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { asServerUser, serverUser } from '../../src/db/embedded/osuser.ts';
import { type CliResult, runCli } from './cli.ts';
import { tempHome } from './db.ts';
import { freePort } from './free-port.ts';

export const PG15_BIN = '/usr/lib/postgresql/15/bin';

/** Why namespaces cannot be used here, or undefined when they can. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  if (!fs.existsSync(path.join(PG15_BIN, 'postgres'))) return `no PostgreSQL binaries in ${PG15_BIN}`;
  const probe = `pgrprobe${process.pid}`;
  const add = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (add.status !== 0) return `ip netns add failed: ${(add.stderr || add.error?.message || '').trim()}`;
  spawnSync('ip', ['netns', 'del', probe]);
  return undefined;
}

export interface Host {
  ns: string;
  /** The server's address on this host's link. */
  serverAddress: string;
  /** This host's own address (what the server sees as client_addr). */
  address: string;
}

function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
}

/** Creates `count` namespaces with one veth link each; `remove()` deletes them (and the links). */
export function makeHosts(count: number): { hosts: Host[]; remove: () => void } {
  const tag = `${process.pid % 100_000}`;
  const net = 200 + (process.pid % 50);
  const hosts: Host[] = [];
  const remove = () => {
    for (let i = 0; i < count; i++) {
      spawnSync('ip', ['netns', 'del', `pgr${tag}h${i}`]);
      spawnSync('ip', ['link', 'del', `pgr${tag}v${i}`]);
    }
  };
  try {
    for (let i = 0; i < count; i++) {
      const ns = `pgr${tag}h${i}`;
      const [outer, inner] = [`pgr${tag}v${i}`, `pgr${tag}p${i}`];
      const serverAddress = `10.${net}.${i + 1}.1`;
      const address = `10.${net}.${i + 1}.2`;
      ip('netns', 'add', ns);
      ip('link', 'add', outer, 'type', 'veth', 'peer', 'name', inner);
      ip('link', 'set', inner, 'netns', ns);
      ip('addr', 'add', `${serverAddress}/24`, 'dev', outer);
      ip('link', 'set', outer, 'up');
      ip('netns', 'exec', ns, 'ip', 'addr', 'add', `${address}/24`, 'dev', inner);
      ip('netns', 'exec', ns, 'ip', 'link', 'set', inner, 'up');
      ip('netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
      hosts.push({ ns, serverAddress, address });
    }
  } catch (error) {
    remove();
    throw error;
  }
  return { hosts, remove };
}

export interface LinkServer {
  port: number;
  /** A superuser client over the server's Unix socket (the only way in from the host itself). */
  admin(): Promise<pg.Client>;
  /** The URL a process on `host` uses. */
  url(host: Host, database: string): string;
  stop(): Promise<void>;
}

/** initdb + postgres, listening on the host ends of the links only, trusting only the far ends. */
export async function startLinkServer(hosts: Host[]): Promise<LinkServer> {
  const user = serverUser();
  const home = tempHome();
  const data = path.join(home, 'data');
  fs.mkdirSync(data);
  if (user.uid !== undefined) fs.chownSync(data, user.uid, user.gid!);
  const init = spawnSync(
    path.join(PG15_BIN, 'initdb'),
    ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8'],
    { ...asServerUser(user), encoding: 'utf8' },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  fs.writeFileSync(
    path.join(data, 'pg_hba.conf'),
    ['local all all trust', ...hosts.map((h) => `host all all ${h.address}/32 trust`), ''].join('\n'),
  );
  const port = await freePort();
  const server: ChildProcess = spawn(
    path.join(PG15_BIN, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-c',
      `listen_addresses=${hosts.map((h) => h.serverAddress).join(',')}`,
      '-c',
      `unix_socket_directories=${data}`,
      '-c',
      'max_connections=80',
      '-c',
      'fsync=off',
    ],
    { ...asServerUser(user), stdio: 'ignore' },
  );
  const admin = async () => {
    const client = new pg.Client({ host: data, port, user: 'postgres', database: 'postgres' });
    client.on('error', () => {});
    await client.connect();
    return client;
  };
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGINT');
      await exited;
    }
    fs.rmSync(home, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    try {
      await (await admin()).end();
      break;
    } catch (error) {
      if (i > 100 || server.exitCode !== null) {
        await stop();
        throw new Error(`the link server did not start: ${(error as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { port, admin, url: (h, db) => `postgresql://postgres@${h.serverAddress}:${port}/${db}`, stop };
}

/** Runs `pgready ARGS` inside a namespace, as a user on that host would. */
export function runCliIn(
  ns: string,
  args: string[],
  options: { cwd: string; timeoutMs?: number },
): Promise<CliResult> {
  return runCli(args, {
    ...options,
    timeoutMs: options.timeoutMs ?? 180_000,
    via: ['ip', 'netns', 'exec', ns],
  });
}
