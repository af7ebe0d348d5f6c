import { describe, expect, it } from 'vitest';
import { createStyle, stripAnsi, supportsColor } from './colors.js';
import { createOutput } from './output.js';

describe('supportsColor', () => {
  it('follows --[no-]color, NO_COLOR, FORCE_COLOR and the TTY, in that order', () => {
    expect(supportsColor({ env: {}, isTTY: true })).toBe(true);
    expect(supportsColor({ env: {}, isTTY: false })).toBe(false);
    expect(supportsColor({ env: { TERM: 'dumb' }, isTTY: true })).toBe(false);
    expect(supportsColor({ env: { NO_COLOR: '1' }, isTTY: true })).toBe(false);
    expect(supportsColor({ env: { NO_COLOR: '' }, isTTY: true })).toBe(true);
    expect(supportsColor({ env: { FORCE_COLOR: '1' }, isTTY: false })).toBe(true);
    expect(supportsColor({ env: { FORCE_COLOR: '0' }, isTTY: true })).toBe(false);
    expect(supportsColor({ env: { FORCE_COLOR: '1', NO_COLOR: '1' }, isTTY: true })).toBe(false);
    expect(supportsColor({ flag: true, env: { NO_COLOR: '1' }, isTTY: false })).toBe(true);
    expect(supportsColor({ flag: false, env: { FORCE_COLOR: '1' }, isTTY: true })).toBe(false);
  });

  it('styles only when enabled', () => {
    expect(createStyle(false).red('x')).toBe('x');
    expect(createStyle(true).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(stripAnsi(createStyle(true).bold('y'))).toBe('y');
  });
});

describe('createOutput', () => {
  const sink = () => {
    const chunks: string[] = [];
    return { chunks, write: (chunk: string) => chunks.push(chunk), isTTY: false };
  };

  it('aligns tables and key-value lines, measuring without escape codes', () => {
    const stdout = sink();
    const out = createOutput({ json: false, color: true, stdout, stderr: sink(), env: {} });
    out.table(
      [
        { a: 'x', b: '1' },
        { a: 'long', b: '2' },
      ],
      [
        { header: 'A', get: (row) => out.style.red(row.a) },
        { header: 'B', get: (row) => row.b },
      ],
    );
    expect(stripAnsi(stdout.chunks.join(''))).toBe('A     B\nx     1\nlong  2\n');
  });

  it('with --json prints nothing human on stdout and no notices, but keeps warnings on stderr', () => {
    const stdout = sink();
    const stderr = sink();
    const out = createOutput({ json: true, stdout, stderr, env: {} });
    out.line('hello');
    out.keyValue([['k', 'v']]);
    out.notice('progress');
    out.warn('careful');
    out.jsonDocument({ ok: true });
    expect(stdout.chunks.join('')).toBe('{\n  "ok": true\n}\n');
    expect(stderr.chunks.join('')).toBe('Warning: careful\n');
  });
});
