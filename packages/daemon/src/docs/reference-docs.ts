import { readFile, writeFile } from 'node:fs/promises';
import { ConfigSchema, envNameOf, flagNameOf } from '../config.js';
import { PERMISSIONS } from '../http/auth/permissions.js';

const ROLES = ['guest', 'user', 'admin'] as const;

/** One row per setting: flag, env var, default, description — straight from the config schema. */
export function renderConfigReference(): string {
  const defaults = ConfigSchema.parse({}) as Record<string, unknown>;
  const rows = Object.entries(ConfigSchema.shape).map(([key, schema]) => {
    const description = (schema as { description?: string }).description ?? '';
    const fallback = defaults[key];
    const shown =
      fallback === undefined ? '—' : `\`${key === 'dataDir' ? './.tillpoint' : String(fallback)}\``;
    return `| \`${flagNameOf(key)}\` | \`${envNameOf(key)}\` | ${shown} | ${description.replaceAll('|', '\\|')} |`;
  });
  return ['| Flag | Environment variable | Default | Meaning |', '| --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}

/** The RBAC table from `permissions.ts`: one row per permission, a column per role. */
export function renderRbacTable(): string {
  const rows = Object.entries(PERMISSIONS).map(
    ([permission, roles]) =>
      `| \`${permission}\` | ${ROLES.map((role) => ((roles as readonly string[]).includes(role) ? 'yes' : '—')).join(' | ')} |`,
  );
  return ['| Permission | guest | user | admin |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

interface OpenApiOperation {
  summary?: string;
  tags?: string[];
  responses?: Record<string, unknown>;
}

/**
 * The API reference from the daemon's own OpenAPI document: one table per tag with every operation, its summary and
 * the statuses it answers. The schemas themselves are in `/openapi.json` and browsable at `/docs`.
 */
export function renderApiReference(document: {
  paths?: Record<string, Record<string, OpenApiOperation>>;
}): string {
  const byTag = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      const tag = operation.tags?.[0] ?? 'other';
      const statuses = Object.keys(operation.responses ?? {})
        .filter((status) => /^[23]/.test(status))
        .join(', ');
      const summary = (operation.summary ?? '').replaceAll('|', '\\|');
      const row = `| \`${method.toUpperCase()}\` | \`${path}\` | ${summary} | ${statuses} |`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), row]);
    }
  }
  return [...byTag]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tag, rows]) =>
      [`### ${tag}`, '', '| Method | Path | What | Success |', '| --- | --- | --- | --- |', ...rows].join(
        '\n',
      ),
    )
    .join('\n\n');
}

/** The generated sections of the docs: file, marker name, renderer. */
export const GENERATED_SECTIONS = [
  { file: 'docs/operations.md', marker: 'config', render: renderConfigReference },
  { file: 'docs/security.md', marker: 'rbac', render: renderRbacTable },
] as const;

/** Replaces what stands between `<!-- generated:<marker>:start -->` and `…:end -->`. */
export function spliceGenerated(document: string, marker: string, content: string): string {
  const start = `<!-- generated:${marker}:start -->`;
  const end = `<!-- generated:${marker}:end -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 || to < from) throw new Error(`markers for "${marker}" not found`);
  return `${document.slice(0, from + start.length)}\n\n${content}\n\n${document.slice(to)}`;
}

/** Reads a doc, splices in a fresh rendering, and writes it back when `write` is set. Returns [current, fresh]. */
export async function refreshGenerated(path: string, marker: string, content: string, write: boolean) {
  const current = await readFile(path, 'utf8');
  const fresh = spliceGenerated(current, marker, content);
  if (write && fresh !== current) await writeFile(path, fresh);
  return [current, fresh] as const;
}
