import { parentPort, workerData } from 'node:worker_threads';
import { generateChunk } from '../../seed/generators/index.ts';
import type { ValuePools } from '../../seed/generators/pools.ts';
import type { GenerationParams } from '../../seed/generators/shape.ts';
import type { WorkerReply, WorkerRequest } from './generator-pool.ts';

// A generator thread: receives the value pools (built once by the main thread, so workers never load
// faker), turns tasks into COPY bytes and hands each buffer over (transfer, not copy).
const { params } = workerData as { params: GenerationParams };
let pools: ValuePools | undefined;

parentPort!.on('message', (message: WorkerRequest | { pools: ValuePools }) => {
  // The pools arrive first (messages keep their order), then tasks.
  if ('pools' in message) {
    pools = message.pools;
    return;
  }
  const request = message;
  let reply: WorkerReply;
  try {
    const text = generateChunk(request.task.table, params, request.task.chunk, request.task.firstId, pools!);
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
