import { parentPort, workerData } from 'node:worker_threads';
import { generateChunk } from '../../seed/generators/index.ts';
import { buildPools } from '../../seed/generators/pools.ts';
import type { GenerationParams } from '../../seed/generators/shape.ts';
import type { WorkerReply, WorkerRequest } from './generator-pool.ts';

// A generator thread: builds the value pools once, then turns tasks into COPY bytes and hands the
// buffer over (transfer, not copy).
const { params } = workerData as { params: GenerationParams };
const pools = buildPools(params.seed);

parentPort!.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    const text = generateChunk(request.task.table, params, request.task.chunk, request.task.firstId, pools);
    const bytes = toTransferable(text);
    reply = { id: request.id, bytes };
    parentPort!.postMessage(reply, [bytes.buffer as ArrayBuffer]);
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    parentPort!.postMessage(reply);
  }
});

/** UTF-8 bytes in an ArrayBuffer of their own (small Buffers share Node's pool, which must not be transferred). */
function toTransferable(text: string): Uint8Array {
  const buffer = Buffer.from(text, 'utf8');
  if (buffer.byteOffset === 0 && buffer.buffer.byteLength === buffer.length) return buffer;
  return new Uint8Array(buffer);
}
