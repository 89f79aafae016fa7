/**
 * One execution of the extended protocol as one buffer: Bind (unnamed portal, the statement named or
 * unnamed), Describe portal, Execute, Sync — node-postgres' own serializer (pg-protocol) for each
 * message, but one socket write instead of four gathered by cork/uncork. A statement without
 * parameters gets its bytes once, then reuses them.
 */
import { serialize } from 'pg-protocol';

/** Describe portal '', Execute '' (all rows), Sync: the same for every execution. */
const TAIL = Buffer.concat([
  serialize.describe({ type: 'P', name: '' }),
  serialize.execute({ portal: '' }),
  serialize.sync(),
]);

/** The bytes of a parameterless execution, per statement name ('' = unnamed). */
const constant = new Map<string, Buffer>();

/**
 * The execution's bytes. `valueMapper` turns each value into what Bind sends (node-postgres'
 * `prepareValue`); it may throw, before anything is sent.
 */
export function executionBytes(
  statement: string,
  values: readonly unknown[],
  valueMapper: (value: unknown) => unknown,
): Buffer {
  const cached = values.length === 0 ? constant.get(statement) : undefined;
  if (cached) return cached;
  const bind = serialize.bind({ portal: '', statement, values: values as unknown[], valueMapper });
  const bytes = Buffer.concat([bind, TAIL]);
  if (values.length === 0) constant.set(statement, bytes);
  return bytes;
}
