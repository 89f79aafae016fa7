import fs from 'node:fs';
import { z } from 'zod';
import type { EmbeddedLayout } from './layout.ts';

const stateSchema = z.object({
  version: z.literal(1),
  port: z.number().int(),
  major: z.number().int(),
  dataDir: z.string(),
  osUser: z.string(),
  settings: z.record(z.string(), z.string()),
  createdAt: z.string(),
  fallbackReason: z.string().optional(),
  /** Postmaster pid of the server pgready last started; `stop` only stops that one. */
  pid: z.number().int().optional(),
  startedAt: z.string().optional(),
});

/** What pgready remembers about its embedded cluster, in `<home>/server.json`. */
export type ServerState = z.infer<typeof stateSchema>;

export function readState(stateFile: string): ServerState | undefined {
  if (!fs.existsSync(stateFile)) return undefined;
  const parsed = stateSchema.safeParse(JSON.parse(fs.readFileSync(stateFile, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

export function writeState(stateFile: string, state: ServerState): void {
  fs.writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
}

export function readPassword(layout: EmbeddedLayout): string {
  return fs.readFileSync(layout.passwordFile, 'utf8').trim();
}
