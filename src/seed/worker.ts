import { parentPort, workerData } from 'node:worker_threads';
import { CopyWriter } from '../../seed/generators/binary.ts';
import { generateChunk } from '../../seed/generators/index.ts';
import { type EncodedPools, encodePools, type ValuePools } from '../../seed/generators/pools.ts';
import type { GenerationParams } from '../../seed/generators/shape.ts';
import type { WorkerReply, WorkerRequest } from './generator-pool.ts';

// A generator thread: receives the value pools (built once by the main thread, so workers never load
// faker), writes each task's rows as COPY binary into one reused buffer and hands over a copy of
// exactly the bytes written (transferred, not cloned): memory stays at one chunk per thread.
const { params } = workerData as { params: GenerationParams };
const out = new CopyWriter();
let pools: EncodedPools | undefined;

parentPort!.on('message', (message: WorkerRequest | { pools: ValuePools }) => {
  // The pools arrive first (messages keep their order), then tasks.
  if ('pools' in message) {
    pools = encodePools(message.pools);
    return;
  }
  const request = message;
  let reply: WorkerReply;
  try {
    out.reset();
    generateChunk(request.task.table, params, request.task.chunk, request.task.firstId, pools!, out);
    const bytes = out.takeCopy();
    reply = { id: request.id, bytes };
    parentPort!.postMessage(reply, [bytes.buffer as ArrayBuffer]);
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    parentPort!.postMessage(reply);
  }
});
