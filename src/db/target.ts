import type { PgreadyConfig } from '../config/schema.ts';
import { UserError } from '../util/errors.ts';
import { onCleanup } from '../util/lifecycle.ts';
import { startContainer } from './container.ts';
import { resolveEmbeddedHome } from './embedded/home.ts';
import { EmbeddedServer } from './embedded/server.ts';
import { maskUrl, parseDatabaseUrl } from './url.ts';

/** How the user pointed at a database, before anything connects. */
export interface TargetOptions {
  databaseUrl?: string;
  environment?: string;
  db?: string;
  /** Embedded server home (state, password, usually the data directory). */
  home?: string;
  port?: number;
}

/** A database to work on. `url` carries the password: print `displayUrl` only. */
export interface DatabaseTarget {
  kind: 'embedded' | 'url' | 'environment' | 'container';
  url: string;
  displayUrl: string;
  environment?: string;
  /** Production environments are never owned: nothing destructive is allowed there. */
  production: boolean;
  /** Notes for the user (e.g. the embedded data directory fallback). */
  notes: string[];
  /** Stops what this command started for itself (embedded server, container); idempotent. */
  release(): Promise<void>;
}

/**
 * Resolves where to work, in this order: --database-url, --environment, DATABASE_URL,
 * --db container, and otherwise the embedded server (started if needed, stopped again on release
 * when this command started it).
 */
export async function resolveTarget(options: TargetOptions, config: PgreadyConfig): Promise<DatabaseTarget> {
  const noop = async () => {};
  if (options.db !== undefined && !['embedded', 'container'].includes(options.db)) {
    throw new UserError(
      `--db "${options.db}" is not known; use --db embedded (the default) or --db container`,
    );
  }
  if (options.databaseUrl) return urlTarget('url', options.databaseUrl, '--database-url');
  if (options.environment) {
    const env = config.environments[options.environment];
    if (!env) {
      const known = Object.keys(config.environments);
      throw new UserError(
        `environment "${options.environment}" is not in the config; ${known.length ? `known: ${known.join(', ')}` : 'define it under "environments" in pgready.config.json'}`,
      );
    }
    const url = process.env[env.urlEnv];
    if (!url) {
      throw new UserError(
        `environment "${options.environment}" reads its URL from $${env.urlEnv}, which is not set; export it first`,
      );
    }
    return {
      ...urlTarget('environment', url, `$${env.urlEnv}`),
      environment: options.environment,
      production: env.production,
    };
  }
  if (process.env.DATABASE_URL && options.db === undefined)
    return urlTarget('url', process.env.DATABASE_URL, '$DATABASE_URL');
  if (options.db === 'container') {
    const container = await startContainer();
    const release = once(container.stop);
    const unregister = onCleanup('stop container', release);
    return {
      kind: 'container',
      url: container.url,
      displayUrl: maskUrl(container.url),
      production: false,
      notes: [],
      release: async () => {
        unregister();
        await release();
      },
    };
  }
  const server = new EmbeddedServer({
    home: resolveEmbeddedHome({ flag: options.home, config: config.embedded.home }),
    ...((options.port ?? config.embedded.port) ? { port: (options.port ?? config.embedded.port)! } : {}),
  });
  const { startedNow, state } = await server.start();
  const stop = once(async () => {
    if (startedNow) server.stop();
  });
  const unregister = onCleanup('stop embedded server', stop);
  const url = server.url();
  return {
    kind: 'embedded',
    url,
    displayUrl: maskUrl(url),
    production: false,
    notes: state.fallbackReason ? [state.fallbackReason] : [],
    release: async () => {
      unregister();
      await stop();
    },
  };

  function urlTarget(kind: 'url' | 'environment', url: string, source: string): DatabaseTarget {
    const parsed = parseDatabaseUrl(url);
    if (!parsed.ok) throw new UserError(`${source}: ${parsed.problem}`);
    return { kind, url, displayUrl: maskUrl(url), production: false, notes: [], release: noop };
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= fn();
    return done;
  };
}
