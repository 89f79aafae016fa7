/**
 * The database the serve and micro benchmarks use: --database-url, else an embedded server of
 * their own (port 5494, home /tmp/pgready-serve-bench), seeded at `scale` with the catalogue
 * indexes when it holds no pgready seed yet.
 */
import { connect } from '../src/db/connect.ts';
import { EmbeddedServer } from '../src/db/embedded/server.ts';
import { readSeedMeta } from '../src/db/ownership.ts';
import { seedDatabase } from '../src/seed/seed.ts';

export async function benchDatabase(
  given: string | undefined,
  scale: string,
): Promise<{ url: string; stop: () => void }> {
  let server: EmbeddedServer | undefined;
  let started = false;
  let url = given;
  if (!url) {
    server = new EmbeddedServer({ home: '/tmp/pgready-serve-bench', port: 5494 });
    started = (await server.start()).startedNow;
    url = server.url('postgres');
  }
  const client = await connect(url);
  const meta = await readSeedMeta(client).catch(() => undefined);
  await client.end();
  if (meta?.status !== 'complete') {
    process.stdout.write(`seeding ${scale} with the catalogue indexes…\n`);
    await seedDatabase(url, { scale: scale as 'small', seed: 42, withIndexes: true });
  }
  return { url, stop: () => (started ? server?.stop() : undefined) };
}
