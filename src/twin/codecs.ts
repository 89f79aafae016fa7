/**
 * Which base types pgready can write in COPY binary form, by type name. Anything else is listed as
 * not generated (NULL where the column is nullable; the table is refused otherwise).
 */
import type { Codec } from './types.ts';

const CODECS: Record<string, Codec> = {
  int2: 'int2',
  int4: 'int4',
  int8: 'int8',
  float4: 'float4',
  float8: 'float8',
  numeric: 'numeric',
  bool: 'bool',
  text: 'text',
  varchar: 'text',
  bpchar: 'text',
  name: 'text',
  citext: 'text',
  uuid: 'uuid',
  timestamp: 'timestamp',
  timestamptz: 'timestamp',
  date: 'date',
  jsonb: 'jsonb',
  json: 'json',
};

/** The codec of a base type (enums write their label as text). */
export function codecOf(typeName: string, isEnum: boolean): Codec | undefined {
  if (isEnum) return 'text';
  return CODECS[typeName];
}

/** Codecs whose values are numbers in the generator (interpolated within histogram buckets). */
export function isNumeric(codec: Codec): boolean {
  return (
    codec === 'int2' ||
    codec === 'int4' ||
    codec === 'int8' ||
    codec === 'float4' ||
    codec === 'float8' ||
    codec === 'numeric' ||
    codec === 'timestamp' ||
    codec === 'date'
  );
}

/** Codecs of whole numbers (rounded after interpolation). */
export function isInteger(codec: Codec): boolean {
  return codec === 'int2' || codec === 'int4' || codec === 'int8' || codec === 'date';
}
