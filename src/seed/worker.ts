import { parentPort, workerData } from 'node:worker_threads';
import { generateChunk } from '../../seed/generators/index.ts';
import { buildPools } from '../../seed/generators/pools.ts';
import type { GenerationParams } from '../../seed/generators/shape.ts';
import type { WorkerReply, WorkerRequest } from './generator-pool.ts';

// A generator thread: builds the value pools once, then turns tasks into COPY bytes and hands the
// buffer over (transfer, not copy).
const { params } = workerData as { params: GenerationParams };
const pools = buildPools(params.seed);
const encoder = new TextEncoder();

parentPort!.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    const text = generateChunk(request.task.table, params, request.task.chunk, request.task.firstId, pools);
    const bytes = encoder.encode(text);
    reply = { id: request.id, bytes };
    parentPort!.postMessage(reply, [bytes.buffer as ArrayBuffer]);
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    parentPort!.postMessage(reply);
  }
});
