import { parentPort, workerData } from 'node:worker_threads';
import { CopyWriter } from '../../seed/generators/binary.ts';
import { generateTask, prepareTable } from './generate.ts';
import type { TwinPlan } from './plan-types.ts';
import type { TwinReply, TwinRequest } from './pool.ts';

// A twin generator thread: prepares the plan's tables once, then writes each task's rows into the
// buffer that came with it (or a new one) and transfers it back.
const { plan } = workerData as { plan: TwinPlan };
const prepared = plan.tables.map(prepareTable);
const out = new CopyWriter(0);

parentPort!.on('message', (request: TwinRequest) => {
  let reply: TwinReply;
  try {
    if (request.buffer) out.adopt(request.buffer);
    generateTask(plan, prepared[request.task.table]!, request.task, out);
    const bytes = out.detach();
    reply = { id: request.id, bytes };
    parentPort!.postMessage(reply, [bytes.buffer as ArrayBuffer]);
  } catch (error) {
    out.reset();
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    parentPort!.postMessage(reply);
  }
});
