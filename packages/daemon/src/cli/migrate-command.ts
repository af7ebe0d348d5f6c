import type { Config } from '../config.js';
import { migrateToLatest } from '../db/migrate.js';
import { openDatabase } from '../db/open-database.js';

/** `tillpointd migrate`: apply pending migrations and print what was applied. */
export async function migrateCommand(config: Config, options: { json: boolean }): Promise<void> {
  const database = await openDatabase(config);
  try {
    const report = await migrateToLatest(database);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ database: database.dialect, ...report })}\n`);
    } else if (report.applied.length === 0) {
      process.stdout.write(`Database is up to date (${report.total} migrations, ${database.dialect}).\n`);
    } else {
      process.stdout.write(`Applied ${report.applied.length} migration(s): ${report.applied.join(', ')}\n`);
    }
  } finally {
    await database.close();
  }
}
