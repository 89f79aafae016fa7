import cliProgress from 'cli-progress';
import type { SeedTable } from '../../seed/generators/index.ts';
import type { SeedProgressEvent } from '../seed/types.ts';

/** Renders seed progress: one bar per table with rows/s and ETA on a TTY, periodic lines otherwise. */
export interface SeedProgressView {
  listener: (event: SeedProgressEvent) => void;
  stop(): void;
}

const PLAIN_INTERVAL_MS = 2_000;

export function seedProgressView(stream: NodeJS.WriteStream = process.stderr): SeedProgressView {
  return stream.isTTY ? barView(stream) : plainView(stream);
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function barView(stream: NodeJS.WriteStream): SeedProgressView {
  const multi = new cliProgress.MultiBar(
    {
      stream,
      clearOnComplete: false,
      hideCursor: true,
      format: ' {table} |{bar}| {percentage}% {done}/{totalRows} rows · {rate} rows/s · ETA {eta_formatted}',
      barsize: 28,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<SeedTable, cliProgress.SingleBar>();
  let stopped = false;
  // MultiBar.stop() moves the cursor up over its bars: only ever once, before any other output.
  const stop = () => {
    if (stopped || bars.size === 0) return;
    stopped = true;
    multi.stop();
  };
  return {
    listener: (event) => {
      if (event.type === 'plan') {
        stream.write(
          `seeding scale ${event.scale}, seed ${event.seed}, ${event.workers} generator thread(s)\n`,
        );
        for (const [table, total] of Object.entries(event.rowsTotal) as [SeedTable, number][]) {
          bars.set(
            table,
            multi.create(Math.max(1, total), 0, {
              table: table.padEnd(18),
              done: '0',
              totalRows: fmt(total),
              rate: '0',
            }),
          );
        }
      } else if (event.type === 'rows') {
        bars
          .get(event.table)
          ?.update(event.rowsDone, { done: fmt(event.rowsDone), rate: fmt(event.ratePerSec) });
      } else if (event.state === 'done') {
        if (event.step === 'load') stop();
        stream.write(`${event.step} done in ${((event.durationMs ?? 0) / 1000).toFixed(1)} s\n`);
      } else if (event.step !== 'load') {
        stream.write(`${event.step}…\n`);
      }
    },
    stop,
  };
}

function plainView(stream: NodeJS.WriteStream): SeedProgressView {
  let last = 0;
  const latest = new Map<SeedTable, Extract<SeedProgressEvent, { type: 'rows' }>>();
  const line = () =>
    [...latest.values()]
      .map((e) => `${e.table} ${fmt(e.rowsDone)}/${fmt(e.rowsTotal)} (${fmt(e.ratePerSec)} rows/s)`)
      .join(', ');
  return {
    listener: (event) => {
      if (event.type === 'plan') {
        const total = Object.values(event.rowsTotal).reduce((a, b) => a + b, 0);
        stream.write(
          `seeding scale ${event.scale}, seed ${event.seed}: ${fmt(total)} rows, ${event.workers} generator thread(s)\n`,
        );
      } else if (event.type === 'rows') {
        latest.set(event.table, event);
        const now = Date.now();
        if (now - last >= PLAIN_INTERVAL_MS) {
          last = now;
          stream.write(`loading: ${line()}\n`);
        }
      } else if (event.state === 'done') {
        if (event.step === 'load') stream.write(`loading: ${line()}\n`);
        stream.write(`${event.step} done in ${((event.durationMs ?? 0) / 1000).toFixed(1)} s\n`);
      }
    },
    stop: () => {},
  };
}
