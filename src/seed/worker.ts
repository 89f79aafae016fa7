import { parentPort, workerData } from 'node:worker_threads';
import { CopyWriter } from '../../seed/generators/binary.ts';
import { type EncodedPools, encodePools } from '../../seed/generators/encoded-pools.ts';
import { generateChunk } from '../../seed/generators/index.ts';
import type { ValuePools } from '../../seed/generators/pools.ts';
import type { GenerationParams } from '../../seed/generators/shape.ts';
import type { WorkerReply, WorkerRequest } from './generator-pool.ts';

// A generator thread: receives the value pools (built once by the main thread, so workers never load
// faker), writes each task's rows as COPY binary into the buffer that came with the task (one the
// main thread has sent and gives back) and transfers it back: no copy, no garbage per chunk.
const { params } = workerData as { params: GenerationParams };
const out = new CopyWriter(0);
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
    if (request.buffer) out.adopt(request.buffer);
    generateChunk(request.task.table, params, request.task.chunk, request.task.firstId, pools!, out);
    const bytes = out.detach();
    reply = { id: request.id, bytes };
    parentPort!.postMessage(reply, [bytes.buffer as ArrayBuffer]);
  } catch (error) {
    out.reset();
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    parentPort!.postMessage(reply);
  }
});
