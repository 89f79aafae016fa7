import { z } from 'zod';
import { configIndexesSchema } from './indexes.ts';

/** A named environment: where its URL comes from, and whether it is production (never owned). */
export const environmentSchema = z
  .object({
    /** Name of the environment variable that holds the URL (never the URL itself: it has a password). */
    urlEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name like STAGING_DATABASE_URL'),
    production: z.boolean().default(false),
    description: z.string().optional(),
    /** Read replicas of this environment, each URL from an environment variable (reads are routed to them). */
    replicas: z
      .array(
        z
          .object({
            urlEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name'),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

/**
 * The pool in the requirement's own words, as users copy it from their application
 * (SQLAlchemy-style). Mapped to unit-named options in `src/config/pool.ts`.
 */
export const poolSchema = z
  .object({
    pool_size: z.number().int().min(1).max(1000).optional(),
    max_overflow: z.number().int().min(0).max(10_000).optional(),
    pool_timeout: z.number().positive().optional(),
    pool_recycle: z.number().positive().optional(),
    query_timeout: z.number().positive().optional(),
  })
  .strict();

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    environments: z.record(z.string(), environmentSchema).default({}),
    pool: poolSchema.default({}),
    /** Extra folders of scenario files, relative to the config file. */
    scenarioDirs: z.array(z.string()).default([]),
    /** Indexes added to the catalogue (same shape as seed/catalogue.ts), on the requirement's tables. */
    indexes: configIndexesSchema,
    /**
     * The application's code that defines indexes: globs relative to the config file (files in name
     * order). Every CREATE INDEX in them joins the catalogue (src/indexes/code-catalogue.ts).
     */
    indexesFrom: z.array(z.string().min(1)).default([]),
    /**
     * Rows a claim's table holds at the scale its claim is made for, for tables pgready does not
     * seed (the requirement's four have pgready's enterprise scale): `{ "invoices": 5000000 }`.
     */
    claimRows: z.record(z.string(), z.number().int().positive()).default({}),
    /** The schema that holds the requirement's tables (default: the connection's search_path). */
    schema: z
      .string()
      .min(1)
      .max(63)
      .refine((s) => !s.includes('\0'), 'must be a schema name')
      .optional(),
    embedded: z
      .object({ home: z.string().optional(), port: z.number().int().min(1).max(65_535).optional() })
      .strict()
      .default({}),
  })
  .strict();

/** The config file as users write it (every field optional). */
export type PgreadyConfigInput = z.input<typeof configSchema>;
/** The config after validation and defaults. */
export type PgreadyConfig = z.output<typeof configSchema>;
export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type PoolConfigInput = z.output<typeof poolSchema>;
