import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Keeps docs/architecture.md §3.1 (the component table) and the prose docs true to the source tree: a row may only
 * name what exists, every directory must have a row, and no doc may call "planned" something that is built.
 */
const SRC = resolve(import.meta.dirname, '..');
const ROOT = resolve(SRC, '../../..');
const read = (file: string) => readFileSync(resolve(ROOT, file), 'utf8');

/** The states a row may have; documented above the table. */
const STATE = /^(built|partial: \S.*)$/;

interface Row {
  path: string;
  role: string;
  state: string;
}

/** Rows of the first table after `heading` (cells split on unescaped `|`, backticks dropped from the path). */
function tableAfter(markdown: string, heading: string): Row[] {
  const start = markdown.indexOf(heading);
  if (start < 0) throw new Error(`${heading} not found`);
  const lines = markdown.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: Row[] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((cell) => cell.trim());
    rows.push({ path: (cells[0] ?? '').replaceAll('`', ''), role: cells[1] ?? '', state: cells[2] ?? '' });
  }
  return rows;
}

/** Every file and directory under `dir`, as paths relative to SRC (directories with a trailing `/`). */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    const rel = relative(SRC, full);
    return entry.isDirectory() ? [`${rel}/`, ...walk(full)] : [rel];
  });
}

const architecture = read('docs/architecture.md');
const rows = tableAfter(architecture, '### 3.1 The daemon');
const paths = new Set(rows.map((row) => row.path));
const tree = walk(SRC);

describe('docs/architecture.md §3.1 component table', () => {
  it('has one row per path, each with a path, a role and a state', () => {
    expect(rows.length).toBeGreaterThan(20);
    expect(paths.size).toBe(rows.length);
    for (const row of rows) {
      expect(row.path, JSON.stringify(row)).toMatch(/^[a-z0-9][a-z0-9./-]*$/);
      expect(row.role.length, row.path).toBeGreaterThan(10);
    }
  });

  it('names only paths that exist under packages/daemon/src (directories end with /)', () => {
    const missing = rows
      .map((row) => row.path)
      .filter((path) => {
        const full = join(SRC, path);
        if (!existsSync(full)) return true;
        return path.endsWith('/') !== statSync(full).isDirectory();
      });
    expect(missing).toEqual([]);
  });

  it('has a row for every top-level entry of src/ and every module directory', () => {
    const topLevel = readdirSync(SRC, { withFileTypes: true })
      .filter(
        (entry) => entry.isDirectory() || (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')),
      )
      .map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name))
      // modules/ is covered module by module, below.
      .filter((entry) => entry !== 'modules/');
    const modules = readdirSync(join(SRC, 'modules'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `modules/${entry.name}/`);
    expect(topLevel.filter((entry) => !paths.has(entry))).toEqual([]);
    // One row per module directory: a catch-all `modules/` row would hide a module that has none.
    expect(paths.has('modules/')).toBe(false);
    expect(modules.filter((entry) => !paths.has(entry))).toEqual([]);
  });

  it('covers every directory under src/ by its own row or a parent row', () => {
    const dirs = tree.filter((entry) => entry.endsWith('/'));
    const uncovered = dirs.filter(
      (dir) => ![...paths].some((path) => path.endsWith('/') && dir.startsWith(path)),
    );
    expect(uncovered.filter((dir) => dir !== 'modules/')).toEqual([]);
  });

  it('uses only the documented states: built, or partial: <what is missing>', () => {
    const documented =
      architecture.includes('`built`') && architecture.includes('`partial: <what is missing>`');
    expect(documented).toBe(true);
    expect(rows.filter((row) => !STATE.test(row.state)).map((row) => `${row.path}: ${row.state}`)).toEqual(
      [],
    );
  });

  it('names only files and directories that exist somewhere under src/', () => {
    const files = tree.filter((entry) => !entry.endsWith('/'));
    const fileNames = new Set(files.map((file) => basename(file)));
    const dirNames = new Set(tree.filter((entry) => entry.endsWith('/')).map((dir) => `${basename(dir)}/`));
    const stale: string[] = [];
    for (const row of rows) {
      for (const [, token] of row.role.matchAll(/`([^`\s]+)`/g)) {
        if (!token) continue;
        if (/^[\w./-]+\.ts$/.test(token)) {
          const found = token.includes('/')
            ? files.some((file) => file === token || file.endsWith(`/${token}`))
            : fileNames.has(token);
          if (!found) stale.push(`${row.path}: ${token}`);
        } else if (/^[a-z0-9-]+\/$/.test(token) && !dirNames.has(token)) {
          stale.push(`${row.path}: ${token}`);
        }
      }
    }
    expect(stale).toEqual([]);
  });
});

/** Phrases that announce future work; the docs describe the code as it is (ADRs in §11 are dated and exempt). */
const DENY = [
  'Planned (',
  'Planned:',
  'not built yet',
  'not yet built',
  'not published to npm',
  'Nothing is published',
  'arrives with the',
  'will arrive',
  'coming soon',
];

/** Words that mark a sentence as "this does not exist (yet)". */
const ABSENT =
  /\b(planned|not built|not (yet )?(available|implemented)|arrives? (with|later)|will (be added|arrive|come)|until then|no [\w` -]{0,40} yet)\b/i;

/** Features the docs once called planned, each with the file that shows it exists. */
const FEATURES: Array<{ name: string; mention: RegExp; evidence: string }> = [
  {
    name: 'backups and restore',
    mention: /\b(online backups?|till backups|backup\.create|tillpointd restore)\b/i,
    evidence: 'packages/daemon/src/modules/backups/backups-service.ts',
  },
  {
    name: 'Prometheus metrics',
    mention: /\/metrics\b|prometheus/i,
    evidence: 'packages/daemon/src/http/plugins/metrics-endpoint.ts',
  },
  {
    name: 'the live dashboard',
    mention: /till dashboard|live dashboard/i,
    evidence: 'packages/cli/src/commands/dashboard.ts',
  },
  {
    name: 'payment reconciliation',
    mention: /reconciliation (job|schedule)|payments\.reconcile/i,
    evidence: 'packages/daemon/src/modules/payments/payments-handlers.ts',
  },
  {
    name: 'the cluster example and systemd unit',
    mention: /cluster example|systemd unit/i,
    evidence: 'examples/cluster/tillpointd.service',
  },
  {
    name: 'the job queue and outbound webhooks',
    mention: /job queue|workers will|outbound webhooks|webhook deliveries/i,
    evidence: 'packages/daemon/src/queue/job-queue.ts',
  },
  {
    name: 'Redis counters and cache',
    mention: /move to Redis|in Redis/i,
    evidence: 'packages/daemon/src/infra/redis/redis-counter-store.ts',
  },
  {
    name: 'the audit log',
    mention: /audit log/i,
    evidence: 'packages/daemon/src/modules/audit/audit-service.ts',
  },
];

/** The doc without its ADRs (§11 records decisions as they were taken). */
function withoutAdrs(markdown: string): string {
  const start = markdown.indexOf('## 11. Architecture decision records');
  const end = markdown.indexOf('## 12. Known limitations');
  return start >= 0 && end > start ? markdown.slice(0, start) + markdown.slice(end) : markdown;
}

/** Sentences and list items, roughly: enough to keep a "planned" claim next to what it is about. */
function sentences(markdown: string): string[] {
  return markdown
    .split(/\n\s*\n|\n\s*[-*] |\n\s*\d+\. |(?<=[.;])\s+(?=[A-Z`*])/)
    .map((text) => text.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

const PROSE = ['docs/architecture.md', 'docs/operations.md', 'docs/security.md', 'docs/payments.md'];

describe('docs say what is built', () => {
  for (const file of PROSE) {
    it(`${file} announces nothing as planned that exists`, () => {
      const text = withoutAdrs(read(file));
      expect(DENY.filter((phrase) => text.includes(phrase))).toEqual([]);
      const stale = sentences(text).flatMap((sentence) =>
        ABSENT.test(sentence)
          ? FEATURES.filter((f) => f.mention.test(sentence) && existsSync(resolve(ROOT, f.evidence))).map(
              (f) => `${f.name}: "${sentence.slice(0, 160)}"`,
            )
          : [],
      );
      expect(stale).toEqual([]);
    });
  }

  it('the published packages are not private (docs call them publishable)', () => {
    for (const name of ['sdk', 'daemon', 'cli']) {
      const pkg = JSON.parse(read(`packages/${name}/package.json`)) as { private?: boolean };
      expect(pkg.private, name).not.toBe(true);
    }
  });

  it('docs/README.md links every document in docs/', () => {
    const index = read('docs/README.md');
    const docs = readdirSync(resolve(ROOT, 'docs')).filter(
      (file) => file.endsWith('.md') && file !== 'README.md',
    );
    expect(docs.filter((file) => !index.includes(`](${file}`))).toEqual([]);
  });
});
