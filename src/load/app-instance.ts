/**
 * One app instance: its transport (the pg driver's production pools, or the HTTP driver's
 * connections to the demo API), its scenarios, and the segment it is running. Several may share one
 * worker thread (workers.ts keeps the threads at or below the cores): an instance is a transport and
 * a schedule, not a thread.
 */
import type { PreciseClock } from './clock.ts';
import type { IntervalMessage, RunSegmentMessage, SegmentDoneMessage, WorkerInit } from './messages.ts';
import { PgTransport } from './pg-transport.ts';
import { loadScenarioModule } from './scenario-module.ts';
import { Segment, type SegmentHost } from './segment.ts';
import type { Transport } from './transport.ts';

export class AppInstance {
  private current: Segment | undefined;

  private constructor(private readonly host: SegmentHost) {}

  /** Loads the scenarios and opens the transport (no connection yet: `probe` makes the first). */
  static async create(
    init: WorkerInit,
    send: (message: IntervalMessage | SegmentDoneMessage) => void,
    now: () => number,
    clock: PreciseClock | undefined,
  ): Promise<AppInstance> {
    const definitions = await Promise.all(init.scenarios.map((s) => loadScenarioModule(s.file)));
    let transport: Transport;
    if (init.transport?.kind === 'http') {
      // Loaded only for the HTTP driver: a pg run never loads node:http.
      const { HttpTransport } = await import('../http-driver/transport.ts');
      transport = new HttpTransport(init.transport, definitions, now);
    } else transport = new PgTransport(init, definitions, now);
    const host: SegmentHost = { init, transport, definitions, send, now };
    if (clock) host.clock = clock;
    return new AppInstance(host);
  }

  probe(): Promise<void> {
    return this.host.transport.probe();
  }

  /** Runs one segment; failures reach `onError` (the worker posts them). */
  run(message: RunSegmentMessage, onError: (error: unknown) => void): void {
    const segment = new Segment(this.host, message);
    this.current = segment;
    segment
      .run()
      .catch(onError)
      .finally(() => {
        if (this.current === segment) this.current = undefined;
      });
  }

  stop(segment?: number): void {
    if (segment === undefined || this.current?.id === segment) this.current?.sleeper.stop();
  }

  async close(): Promise<void> {
    this.stop();
    await this.host.transport.close();
  }
}
