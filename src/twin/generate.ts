/**
 * Makes one task's rows in COPY binary form from the plan: the same on any thread, in any order
 * (each table chunk draws from its own PRNG, seeded by seed, table and chunk). Per row only numbers
 * are made; values are copied into the buffer from encoded payloads (no per-row object or string).
 */
import type { CopyWriter } from '../../seed/generators/binary.ts';
import { mixSeed, Prng } from '../../seed/generators/prng.ts';
import type { ColumnGen, DistGen, KeyGen, TablePlan, TwinPlan, TwinTask } from './plan-types.ts';
import { base36, writeSynthetic } from './synthetic.ts';
import { SCRATCH_BYTES, writeNumber } from './values.ts';

const STREAM_VALUES = 101;
const STREAM_SHAPE = 102;
const RESERVE_EVERY = 16;

/** A dist column ready to draw from: payloads as bytes, cumulative masses, sorted segments. */
interface PreparedDist {
  d: DistGen;
  mcv: Uint8Array[];
  /** Cumulative MCV mass among non-null rows. */
  mcvCum: Float64Array;
  mcvMass: number;
  bounds: Uint8Array[];
  text: Uint8Array[];
  /** Sorted mode: cumulative end of each segment; mcv index ≥ 0, or bucket as -(b + 1). */
  segEnd?: Float64Array;
  segWhat?: Int32Array;
  perBucket: number;
  json?: ({ prefix: Uint8Array; suffix: Uint8Array; lo: number; hi: number; integer: boolean } | null)[];
}

export interface PreparedTable {
  plan: TablePlan;
  dists: (PreparedDist | undefined)[];
  fields: number;
}

const enc = new TextEncoder();
const scratch = new Uint8Array(SCRATCH_BYTES);
const scratchView = new DataView(scratch.buffer);
const uuidBytes = new Uint8Array(16);
const uuidView = new DataView(uuidBytes.buffer);

export function prepareTable(plan: TablePlan): PreparedTable {
  return {
    plan,
    dists: plan.columns.map((c) => (c.kind === 'dist' ? prepareDist(c) : undefined)),
    fields: plan.columns.filter((c) => c.kind !== 'skip').length,
  };
}

function prepareDist(d: DistGen): PreparedDist {
  const live = 1 - d.nullFrac;
  const hasHist =
    d.slots > 0 ||
    d.boundsNum.length > 0 ||
    d.boundsPayload.length > 0 ||
    d.boundsText.length > 0 ||
    d.synthetic !== undefined ||
    d.codec === 'uuid';
  const total = d.mcvFreqs.reduce((a, b) => a + b, 0);
  // Without a histogram the MCVs hold every non-null row: renormalise them.
  const mcvMass = live > 0 ? Math.min(1, hasHist ? total / live : 1) : 0;
  const norm = hasHist ? live : total || 1;
  const mcvCum = new Float64Array(d.mcvFreqs.length);
  let acc = 0;
  d.mcvFreqs.forEach((f, i) => {
    acc += f / norm;
    mcvCum[i] = Math.min(acc, mcvMass);
  });
  const nb = Math.max(1, d.boundsText.length || d.boundsNum.length - 1 || d.boundsPayload.length);
  const prepared: PreparedDist = {
    d,
    mcv: d.mcvPayloads.map((p) => Uint8Array.from(p)),
    mcvCum,
    mcvMass: hasHist ? mcvMass : 1,
    bounds: d.boundsPayload.map((p) => Uint8Array.from(p)),
    text: d.boundsText.map((t) => enc.encode(t)),
    perBucket: d.slots > 0 ? Math.max(1, Math.ceil(d.slots / nb)) : 2 ** 40,
    ...(d.jsonBuckets
      ? {
          json: d.jsonBuckets.map((b) =>
            b
              ? {
                  prefix: enc.encode(b.prefix),
                  suffix: enc.encode(b.suffix),
                  lo: b.lo,
                  hi: b.hi,
                  integer: b.integer,
                }
              : null,
          ),
        }
      : {}),
  };
  if (d.sorted !== 0) sortSegments(prepared, hasHist, nb);
  return prepared;
}

/** Sorted mode: MCVs and histogram buckets in value order, each with its share of the rows. */
function sortSegments(p: PreparedDist, hasHist: boolean, nb: number): void {
  const d = p.d;
  const bucketMass = hasHist ? (1 - p.mcvMass) / nb : 0;
  const numeric = d.boundsNum.length > 0;
  const mcvKey = (i: number): number | string =>
    numeric ? numberOfPayload(d, p.mcv[i]!) : String.fromCharCode(...p.mcv[i]!);
  const boundKey = (b: number): number | string =>
    numeric
      ? d.boundsNum[b]!
      : p.text[b]
        ? String.fromCharCode(...p.text[b]!)
        : p.bounds[b]
          ? String.fromCharCode(...p.bounds[b]!)
          : '';
  const items: { key: number | string; order: number; what: number; mass: number }[] = [];
  let prev = 0;
  p.mcvCum.forEach((c, i) => {
    items.push({ key: mcvKey(i), order: 1, what: i, mass: c - prev });
    prev = c;
  });
  if (hasHist)
    for (let b = 0; b < nb; b++) items.push({ key: boundKey(b), order: 0, what: -(b + 1), mass: bucketMass });
  items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.order - b.order));
  p.segEnd = new Float64Array(items.length);
  p.segWhat = new Int32Array(items.length);
  let acc = 0;
  items.forEach((it, i) => {
    acc += it.mass;
    p.segEnd![i] = acc;
    p.segWhat![i] = it.what;
  });
}

function numberOfPayload(d: DistGen, bytes: Uint8Array): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (d.codec) {
    case 'int2':
      return v.getInt16(0);
    case 'int4':
    case 'date':
      return v.getInt32(0);
    case 'int8':
    case 'timestamp':
      return v.getInt32(0) * 4_294_967_296 + v.getUint32(4);
    case 'float4':
      return v.getFloat32(0);
    case 'float8':
      return v.getFloat64(0);
    default: {
      // numeric: digits base 10000 from the weight down
      const n = v.getInt16(0);
      const weight = v.getInt16(2);
      let x = 0;
      for (let i = 0; i < n; i++) x += v.getInt16(8 + 2 * i) * 10000 ** (weight - i);
      return v.getUint16(4) === 0x4000 ? -x : x;
    }
  }
}

/** A bijection of 32-bit ids: keys and unique values look unordered but never repeat. */
export function scramble32(i: number): number {
  return Math.imul(i + 1, 0x9e3779b1) >>> 0;
}

/** Children per parent of one chunk of parents (the shape pass, also used by the planner). */
export function fanCounts(plan: TwinPlan, tableIndex: number, chunk: number, parents: number): Int32Array {
  const fan = plan.tables[tableIndex]!.fan!;
  const rng = new Prng(mixSeed(plan.seed, STREAM_SHAPE, tableIndex, chunk));
  const out = new Int32Array(parents);
  const last = fan.fanCum.length - 1;
  for (let i = 0; i < parents; i++) {
    const u = rng.next() * fan.fanCum[last]!;
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (fan.fanCum[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    const n = fan.fanN[lo]!;
    out[i] = fan.scale === 1 ? n : Math.floor(n * fan.scale + rng.next());
  }
  return out;
}

/** Writes the task's rows into `out`. */
export function generateTask(plan: TwinPlan, table: PreparedTable, task: TwinTask, out: CopyWriter): void {
  const t = table.plan;
  const rng = new Prng(mixSeed(plan.seed, STREAM_VALUES, task.table, task.chunk));
  let parents: Int32Array | undefined;
  if (t.fan) {
    const first = task.chunk * t.fan.parentsPerChunk;
    const count = Math.min(t.fan.parentsPerChunk, plan.tables[t.fan.parent]!.rows - first);
    const counts = fanCounts(plan, task.table, task.chunk, Math.max(0, count));
    parents = new Int32Array(task.rows);
    let r = 0;
    for (let i = 0; i < counts.length; i++) for (let k = 0; k < counts[i]!; k++) parents[r++] = first + i;
    // Children of a chunk's parents arrive interleaved, as an application's rows do.
    for (let i = parents.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const x = parents[i]!;
      parents[i] = parents[j]!;
      parents[j] = x;
    }
  }
  const columns = t.columns;
  for (let i = 0; i < task.rows; i++) {
    const g = task.firstRow + i;
    out.row(table.fields);
    for (let c = 0; c < columns.length; c++) {
      if (c % RESERVE_EVERY === RESERVE_EVERY - 1) out.reserve(512);
      const col = columns[c]!;
      switch (col.kind) {
        case 'skip':
          break;
        case 'null':
          out.null();
          break;
        case 'key':
          writeKey(out, plan.seed, col.codec, col.key, g);
          break;
        case 'fk':
          if (col.nullFrac > 0 && rng.next() < col.nullFrac) out.null();
          else
            writeKey(
              out,
              plan.seed,
              col.codec,
              col.parentKey,
              col.driving && parents ? parents[i]! : rng.int(Math.max(1, col.parentRows)),
            );
          break;
        case 'dist':
          writeDist(out, table.dists[c]!, rng, g, t.rows);
          break;
      }
    }
  }
}

/** The key of row `index`: what its own table writes and what its children reference. */
export function writeKey(
  out: CopyWriter,
  seed: number,
  codec: ColumnGen extends never ? never : string,
  key: KeyGen,
  index: number,
): void {
  if (key.kind === 'int') {
    const v = key.scramble ? Math.imul(index + 1, 0x5bd1e995) & 0x7fffffff || 1 : index + 1;
    if (codec === 'int2') out.int2(v);
    else if (codec === 'int4') out.int4(v);
    else out.int8(v);
  } else if (key.kind === 'uuid') {
    writeUuid(out, hash3(seed, key.tag, 0x75756964), index);
  } else {
    writeSynthetic(out, key.shape, key.width, scramble32(index));
  }
}

/** murmur3's finaliser over (a, b, k): a well-spread 32-bit word, allocation-free (hot: every key). */
function hash3(a: number, b: number, k: number): number {
  let h = fmix(a ^ 0x9e3779b9 ^ (b >>> 0));
  h = fmix(h ^ (Math.floor(b / 0x1_0000_0000) >>> 0));
  return fmix(h ^ k) >>> 0;
}

function fmix(x: number): number {
  let h = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function writeUuid(out: CopyWriter, salt: number, index: number): void {
  uuidView.setUint32(0, hash3(salt, index, 0));
  uuidView.setUint32(4, hash3(salt, index, 1));
  uuidView.setUint32(8, hash3(salt, index, 2));
  uuidView.setUint32(12, hash3(salt, index, 3));
  uuidBytes[6] = (uuidBytes[6]! & 0x0f) | 0x40;
  uuidBytes[8] = (uuidBytes[8]! & 0x3f) | 0x80;
  out.text(uuidBytes);
}

function writeDist(out: CopyWriter, p: PreparedDist, rng: Prng, g: number, rows: number): void {
  const d = p.d;
  let u: number;
  if (d.sorted !== 0) {
    const pos = (g + 0.5) / Math.max(1, rows);
    u = d.sorted > 0 ? pos : 1 - pos;
    if (u >= 1 - d.nullFrac) {
      out.null();
      return;
    }
    u = u / (1 - d.nullFrac);
    const end = p.segEnd!;
    let lo = 0;
    let hi = end.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (end[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    const what = p.segWhat![lo]!;
    if (what >= 0) {
      out.text(p.mcv[what]!);
      return;
    }
    const start = lo > 0 ? end[lo - 1]! : 0;
    const mass = end[lo]! - start;
    const nb = Math.max(1, d.boundsText.length || d.boundsNum.length - 1 || d.boundsPayload.length);
    const t = mass > 0 ? Math.min(0.999999, (u - start) / mass) : 0;
    writeHist(out, p, rng, (-what - 1 + t) / nb, g);
    return;
  }
  u = rng.next();
  if (u < d.nullFrac) {
    out.null();
    return;
  }
  u = (u - d.nullFrac) / (1 - d.nullFrac);
  if (u < p.mcvMass) {
    const cum = p.mcvCum;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    if (d.synthetic) {
      writeSynthetic(out, d.synthetic.shape, d.synthetic.width, lo);
      return;
    }
    out.text(p.mcv[lo]!);
    return;
  }
  writeHist(out, p, rng, (u - p.mcvMass) / (1 - p.mcvMass), g);
}

/** A value at histogram position `hp` ∈ [0, 1). */
function writeHist(out: CopyWriter, p: PreparedDist, rng: Prng, hp: number, g: number): void {
  const d = p.d;
  const m = d.mcvFreqs.length;
  if (d.synthetic) {
    const id = d.slots > 0 ? Math.floor(hp * d.slots) : d.sorted !== 0 ? g : scramble32(g);
    writeSynthetic(out, d.synthetic.shape, d.synthetic.width, m + id);
    return;
  }
  if (d.boundsNum.length > 0) {
    const q = d.slots > 0 ? (Math.floor(hp * d.slots) + 0.5) / d.slots : hp;
    const b = d.boundsNum;
    const nb = b.length - 1;
    let v: number;
    if (nb < 1) v = b[0]!;
    else {
      const k = Math.min(nb - 1, Math.floor(q * nb));
      const t = q * nb - k;
      v = b[k]! + t * (b[k + 1]! - b[k]!);
    }
    if (d.integer) v = Math.round(v);
    if (d.min !== undefined && v < d.min) v = d.min;
    if (d.max !== undefined && v > d.max) v = d.max;
    switch (d.codec) {
      case 'int2': {
        out.int2(v);
        return;
      }
      case 'int4':
      case 'date': {
        out.int4(v);
        return;
      }
      case 'int8':
      case 'timestamp': {
        out.int8(Math.round(v));
        return;
      }
      default: {
        const n = writeNumber(d.codec, v, d.scale, scratchView);
        const start = out.begin();
        for (let i = 0; i < n; i++) out.byte(scratch[i]!);
        out.end(start);
        return;
      }
    }
  }
  if (p.text.length > 0) {
    const nb = p.text.length;
    const k = Math.min(nb - 1, Math.floor(hp * nb));
    const variant = Math.floor((hp * nb - k) * p.perBucket);
    const start = out.begin();
    out.append(p.text[k]!);
    if (variant > 0) {
      out.byte(32);
      base36(out, variant, 1);
    }
    out.end(start);
    return;
  }
  if (p.json) {
    const nb = p.json.length;
    const k = Math.min(nb - 1, Math.floor(hp * nb));
    const bucket = p.json[k];
    if (bucket) {
      const t = d.slots > 0 ? (Math.floor((hp * nb - k) * p.perBucket) + 0.5) / p.perBucket : hp * nb - k;
      let v = bucket.lo + t * (bucket.hi - bucket.lo);
      if (bucket.integer) v = Math.round(v);
      const start = out.begin();
      if (d.codec === 'jsonb') out.byte(1);
      out.append(bucket.prefix);
      if (bucket.integer && v >= 0) out.digits(v);
      else out.append(enc.encode(String(v)));
      out.append(bucket.suffix);
      out.end(start);
      return;
    }
  }
  if (p.bounds.length > 0) {
    out.text(p.bounds[Math.min(p.bounds.length - 1, Math.floor(hp * p.bounds.length))]!);
    return;
  }
  if (d.codec === 'uuid') {
    writeUuid(out, 0x7457494e, d.slots > 0 ? Math.floor(hp * d.slots) : scramble32(g));
    return;
  }
  void rng;
  if (p.mcv.length > 0) {
    out.text(p.mcv[0]!);
    return;
  }
  out.null();
}
