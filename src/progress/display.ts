/**
 * Live progress on the terminal, as a listener: on a TTY the current lines are redrawn in place
 * (log-update), elsewhere (CI, pipes) each line is printed once, like pgbench -P.
 * The runner and seeder never write to the terminal; they emit, this displays.
 */
import type { EventEmitter } from 'node:events';
import { createLogUpdate } from 'log-update';
import type { RunnerEvent } from '../phases/events.ts';
import { eventLine } from './lines.ts';

export interface ProgressOptions {
  /** Where to draw; default standard error (standard output carries the report). */
  stream?: NodeJS.WriteStream;
  /** Redraw in place; default: the stream is a TTY and CI is not set. */
  live?: boolean;
  /** Plain mode: print at most one interval line per this many seconds per scenario (default 1). */
  everySec?: number;
}

function isLive(stream: NodeJS.WriteStream, live?: boolean): boolean {
  return live ?? (stream.isTTY === true && !process.env.CI);
}

/** Listens to a runner's 'event' emissions; returns a function that detaches and clears the display. */
export function attachRunProgress(
  emitter: Pick<EventEmitter, 'on' | 'off'>,
  options: ProgressOptions = {},
): () => void {
  const stream = options.stream ?? process.stderr;
  const live = isLive(stream, options.live);
  const every = options.everySec ?? 1;
  const draw = live ? createLogUpdate(stream) : undefined;
  // On a TTY the finished lines stay above, the latest interval is redrawn below them.
  const current = new Map<string, string>();
  const print = (line: string) => {
    if (draw) {
      draw.clear();
      stream.write(`${line}\n`);
      if (current.size) draw([...current.values()].join('\n'));
    } else stream.write(`${line}\n`);
  };
  const onEvent = (e: RunnerEvent) => {
    const line = eventLine(e);
    if (!line) return;
    if (e.type !== 'interval') {
      if (e.type === 'phase-end' || e.type === 'phase-start') current.clear();
      print(line);
      return;
    }
    if (draw) {
      current.set(`${e.phase}/${e.scenario}`, line);
      draw([...current.values()].join('\n'));
    } else if (e.elapsedSec % every === 0) stream.write(`${line}\n`);
  };
  emitter.on('event', onEvent);
  return () => {
    emitter.off('event', onEvent);
    draw?.done();
  };
}
