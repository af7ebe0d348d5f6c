import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/support/test-app.js';
import {
  GENERATED_SECTIONS,
  refreshGenerated,
  renderApiReference,
  renderConfigReference,
  renderRbacTable,
} from './reference-docs.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
/** `pnpm docs:generate` sets this to rewrite the docs instead of failing on them. */
const UPDATE = process.env.TILLPOINT_UPDATE_DOCS === '1';

/** Biome pads Markdown tables; compare content, not column alignment. */
function normalizeTables(markdown: string): string {
  return markdown.replace(/ {2,}/g, ' ').replace(/-{3,}/g, '---');
}

describe('generated reference docs', () => {
  it('render every config setting and every permission', () => {
    const config = renderConfigReference();
    expect(config).toContain('`--data-dir` | `TILLPOINT_DATA_DIR` | `./.tillpoint`');
    expect(config).toContain('`TILLPOINT_BCRYPT_COST` | `12`');
    const rbac = renderRbacTable();
    expect(rbac).toContain('| `users:read` | — | — | yes |');
    expect(rbac).toContain('| `system:read` | yes | yes | yes |');
  });

  it('docs/api.md (api) is up to date with the OpenAPI document — run `pnpm docs:generate` if not', async () => {
    const t = await createTestApp('sqlite');
    try {
      const reference = renderApiReference(t.app.swagger() as Parameters<typeof renderApiReference>[0]);
      expect(reference).toContain('| `GET` | `/v1/events/stream` |');
      expect(reference).toContain('### schedules');
      const [current, fresh] = await refreshGenerated(resolve(ROOT, 'docs/api.md'), 'api', reference, UPDATE);
      if (!UPDATE) expect(normalizeTables(current)).toBe(normalizeTables(fresh));
    } finally {
      await t.close();
    }
  });

  for (const section of GENERATED_SECTIONS) {
    it(`${section.file} (${section.marker}) is up to date — run \`pnpm docs:generate\` if not`, async () => {
      const [current, fresh] = await refreshGenerated(
        resolve(ROOT, section.file),
        section.marker,
        section.render(),
        UPDATE,
      );
      if (!UPDATE) expect(normalizeTables(current)).toBe(normalizeTables(fresh));
    });
  }
});
