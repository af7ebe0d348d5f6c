import { CliFailure, EXIT } from '../output/describe-error.js';
import { readTextInput } from './api-request.js';

/**
 * Reads a JSON Lines file (or stdin for `-`): one JSON object per line, blank lines skipped. A line that is not a
 * JSON object is a usage error naming its line number, so nothing is sent for a file with a typo.
 */
export async function readJsonLines(
  source: string,
  stdin: NodeJS.ReadableStream = process.stdin,
  flag = '--from-file',
): Promise<Array<{ line: number; value: Record<string, unknown> }>> {
  const text = await readTextInput(source, stdin, flag);
  const rows: Array<{ line: number; value: Record<string, unknown> }> = [];
  for (const [index, raw] of text.split('\n').entries()) {
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new CliFailure(
        `${flag} line ${index + 1} is not JSON: ${(error as Error).message}`,
        'invalid_input',
        {
          exitCode: EXIT.usage,
        },
      );
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new CliFailure(`${flag} line ${index + 1} must be a JSON object.`, 'invalid_input', {
        exitCode: EXIT.usage,
      });
    }
    rows.push({ line: index + 1, value: value as Record<string, unknown> });
  }
  return rows;
}
