import fs from 'node:fs';
import { toError, UserError } from '../util/errors.ts';

const IMAGE = 'postgres:18';
const DETECT_TIMEOUT_MS = 8_000;

/** A throwaway PostgreSQL in Docker via testcontainers 11.x (12.x crashes at import on Node 20). */
export async function startContainer(): Promise<{ url: string; stop: () => Promise<void> }> {
  assertDockerLikely();
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  await withTimeout(getContainerRuntimeClient(), DETECT_TIMEOUT_MS).catch((error) => {
    throw noDocker(toError(error).message);
  });
  const password = 'pgready';
  const container = await new GenericContainer(IMAGE)
    .withEnvironment({ POSTGRES_PASSWORD: password, POSTGRES_DB: 'pgready' })
    .withExposedPorts(5432)
    .withCommand(['postgres', '-c', 'max_connections=500', '-c', 'shared_buffers=1GB'])
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  const url = `postgresql://postgres:${password}@${container.getHost()}:${container.getMappedPort(5432)}/pgready`;
  return { url, stop: async () => void (await container.stop()) };
}

/** Fails fast when there is plainly no Docker engine, instead of waiting on testcontainers' probes. */
function assertDockerLikely(): void {
  const host = process.env.DOCKER_HOST;
  if (host && !host.startsWith('unix://')) return;
  const socket = host ? host.replace('unix://', '') : '/var/run/docker.sock';
  if (!fs.existsSync(socket)) throw noDocker(`no Docker socket at ${socket}`);
}

function noDocker(why: string): UserError {
  return new UserError(
    `--db container needs a Docker engine, and none is reachable here (${why}); drop --db container to use the embedded PostgreSQL (the default), or give --database-url`,
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
