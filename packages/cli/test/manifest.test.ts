import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Plugin } from '@oclif/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, CLI_ROOT } from './support/run-till.js';

interface ManifestCommand {
  id: string;
  summary?: string;
  description?: string;
  examples?: unknown[];
  args: Record<string, { name: string; required?: boolean }>;
  flags: Record<
    string,
    { name: string; type: string; char?: string; multiple?: boolean; description?: string }
  >;
}

/** A comparable summary: what help, completion and docs are generated from. */
function shape(commands: ManifestCommand[]) {
  return Object.fromEntries(
    [...commands]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((command) => [
        command.id,
        {
          summary: command.summary,
          description: command.description,
          examples: command.examples,
          args: Object.values(command.args ?? {}).map((arg) => [arg.name, Boolean(arg.required)]),
          flags: Object.fromEntries(
            Object.values(command.flags ?? {})
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((flag) => [
                flag.name,
                { type: flag.type, char: flag.char, multiple: flag.multiple, description: flag.description },
              ]),
          ),
        },
      ]),
  );
}

beforeAll(() => assertBuilt());

describe('oclif.manifest.json', () => {
  it('matches the built command classes (rebuild when this fails)', async () => {
    const manifest = JSON.parse(await readFile(join(CLI_ROOT, 'oclif.manifest.json'), 'utf8')) as {
      version: string;
      commands: Record<string, ManifestCommand>;
    };
    const pjson = JSON.parse(await readFile(join(CLI_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(manifest.version).toBe(pjson.version);

    // Load dist/commands directly, ignoring the manifest, as oclif does when there is none.
    const plugin = new Plugin({ root: CLI_ROOT, ignoreManifest: true, isRoot: true, type: 'core' });
    await plugin.load();
    const live = plugin.commands as unknown as ManifestCommand[];
    expect(live.length).toBeGreaterThan(0);
    expect(shape(Object.values(manifest.commands))).toEqual(shape(live));
  });

  it('every command documents itself: summary, description, examples and flag descriptions', async () => {
    const manifest = JSON.parse(await readFile(join(CLI_ROOT, 'oclif.manifest.json'), 'utf8')) as {
      commands: Record<string, ManifestCommand & { enableJsonFlag?: boolean }>;
    };
    for (const command of Object.values(manifest.commands)) {
      expect(command.summary, command.id).toBeTruthy();
      expect(command.description, command.id).toBeTruthy();
      expect(command.examples?.length, command.id).toBeGreaterThan(0);
      expect(command.enableJsonFlag, command.id).toBe(true);
      for (const flag of Object.values(command.flags))
        expect(flag.description, `${command.id} --${flag.name}`).toBeTruthy();
    }
  });
});

describe('topics', () => {
  it('every topic (and nested topic) of a command has its own description in package.json', async () => {
    const manifest = JSON.parse(await readFile(join(CLI_ROOT, 'oclif.manifest.json'), 'utf8')) as {
      commands: Record<string, ManifestCommand>;
    };
    type Topics = Record<string, { description?: string; subtopics?: Topics }>;
    const pjson = JSON.parse(await readFile(join(CLI_ROOT, 'package.json'), 'utf8')) as {
      oclif: { topics: Topics };
    };
    const described = new Set<string>();
    const walk = (topics: Topics | undefined, prefix: string) => {
      for (const [name, topic] of Object.entries(topics ?? {})) {
        if (topic.description) described.add(`${prefix}${name}`);
        walk(topic.subtopics, `${prefix}${name}:`);
      }
    };
    walk(pjson.oclif.topics, '');
    const needed = new Set(
      Object.keys(manifest.commands).flatMap((id) =>
        id
          .split(':')
          .slice(0, -1)
          .map((_, i, parts) => parts.slice(0, i + 1).join(':')),
      ),
    );
    expect(needed.has('products:variants')).toBe(true);
    expect([...needed].filter((topic) => !described.has(topic)).sort()).toEqual([]);
  });
});

describe('docs/cli.md', () => {
  it('is what the generator renders from the manifest (run scripts/gen-cli-docs.mjs when this fails)', async () => {
    const script = join(CLI_ROOT, 'scripts/gen-cli-docs.mjs');
    const { renderCliDocs } = (await import(script)) as {
      renderCliDocs(manifest: unknown, pjson: unknown): string;
    };
    const manifest = JSON.parse(await readFile(join(CLI_ROOT, 'oclif.manifest.json'), 'utf8'));
    const pjson = JSON.parse(await readFile(join(CLI_ROOT, 'package.json'), 'utf8'));
    const rendered = renderCliDocs(manifest, pjson);
    expect(rendered).toContain('## `till api`');
    expect(rendered).toContain('## `till profiles set`');
    const current = await readFile(join(CLI_ROOT, '../../docs/cli.md'), 'utf8');
    expect(current).toBe(rendered);
    // The --check mode CI can run gives the same verdict.
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});

describe('start-up', () => {
  it('no built module imports the SDK, Ink or React statically (they load inside run())', async () => {
    const { readdir } = await import('node:fs/promises');
    const dist = join(CLI_ROOT, 'dist');
    const files = (await readdir(dist, { recursive: true })).filter((file) => file.endsWith('.js'));
    expect(files.length).toBeGreaterThan(0);
    const staticImports = new Set<string>();
    for (const file of files) {
      const code = await readFile(join(dist, file), 'utf8');
      for (const match of code.matchAll(
        /^\s*import\b[^;]*?from\s*["']((?:@tillpoint\/sdk|ink|react)(?:\/[^"']*)?)["']/gm,
      ))
        staticImports.add(match[1] as string);
    }
    // Only the money formatter, which imports nothing (zod included; see the SDK's packaging test), may load at start.
    expect([...staticImports]).toEqual(['@tillpoint/sdk/money']);
    const chunk = (await Promise.all(files.map((file) => readFile(join(dist, file), 'utf8')))).join('\n');
    expect(chunk).toMatch(/import\(["']@tillpoint\/sdk["']\)/);
  });
});
