// Writes seed/migrations/012_enterprise_analytics.sql from the index catalogue.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { migrationSql } from '../seed/catalogue.ts';

const file = fileURLToPath(new URL('../seed/migrations/012_enterprise_analytics.sql', import.meta.url));
fs.writeFileSync(file, migrationSql());
process.stdout.write(`wrote ${file}\n`);
