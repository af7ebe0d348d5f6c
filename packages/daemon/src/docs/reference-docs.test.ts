import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GENERATED_SECTIONS,
  refreshGenerated,
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
