import { createReadStream, createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config.js';
import { migrateToLatest } from '../db/migrate.js';
import { openDatabase } from '../db/open-database.js';
import { type DumpSummary, exportDatabase, importDatabase, TABLE_ORDER } from '../db/portable-dump.js';
import { createMemoryCache } from '../infra/cache/memory-cache.js';
import { systemClock } from '../infra/clock.js';
import { mediaOfProducts } from '../modules/media/media-repository.js';
import { createCatalogStore, rebuildProductSearch } from '../modules/products/catalog-store.js';

/** Prints the rows and money totals per table: the numbers an operator compares between source and target. */
function printSummary(summary: DumpSummary, json: boolean) {
  if (json) {
    process.stdout.write(`${JSON.stringify({ tables: summary })}\n`);
    return;
  }
  const width = Math.max(...TABLE_ORDER.map((table) => table.length));
  for (const table of TABLE_ORDER) {
    const entry = summary[table]!;
    const money = Object.entries(entry.money)
      .map(([column, total]) => `${column}=${total}`)
      .join(' ');
    process.stdout.write(`${table.padEnd(width)}  ${String(entry.rows).padStart(8)} rows  ${money}\n`);
  }
}

const progress = (verb: string) => (table: string, rows: number) =>
  process.stderr.write(`${verb} ${table}: ${rows} rows\n`);

/** `tillpointd export --out dump.jsonl`: a consistent snapshot of every table, written atomically. */
export async function exportCommand(config: Config, options: { out: string; json: boolean }): Promise<void> {
  const database = await openDatabase(config);
  try {
    let summary: DumpSummary | undefined;
    const lines = exportDatabase(database, progress('exported'));
    async function* capture() {
      for await (const line of lines) {
        if (line.startsWith('{"summary"')) summary = (JSON.parse(line) as { summary: DumpSummary }).summary;
        yield line;
      }
    }
    const temp = `${options.out}.partial`;
    await pipeline(Readable.from(capture()), createWriteStream(temp, { mode: 0o600 }));
    await rename(temp, options.out);
    printSummary(summary!, options.json);
  } finally {
    await database.close();
  }
}

/** `tillpointd import --in dump.jsonl`: into an empty database (migrated first), all or nothing. */
export async function importCommand(config: Config, options: { in: string; json: boolean }): Promise<void> {
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database);
    // Opened when the import starts reading: readline drops lines emitted before anyone iterates.
    async function* lines() {
      yield* createInterface({ input: createReadStream(options.in), crlfDelay: Number.POSITIVE_INFINITY });
    }
    const summary = await importDatabase(database, lines(), progress('imported'));
    // The search index is derived, not dumped: rebuild it from the imported catalog.
    await rebuildProductSearch(
      createCatalogStore({
        db: database.db,
        cache: createMemoryCache(),
        clock: systemClock,
        search: database.productSearch,
        mediaOf: mediaOfProducts,
      }),
    );
    printSummary(summary, options.json);
  } finally {
    await database.close();
  }
}
