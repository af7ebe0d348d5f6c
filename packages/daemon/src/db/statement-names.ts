/**
 * Names for the statements a hot path runs on every request (those of `prepared-query.ts`), so PostgreSQL parses
 * and plans each once per connection instead of on every run (ADR-051). Keyed by SQL text: the set is bounded by
 * the prepared queries in the code (and the few insert shapes of each).
 *
 * A statement that selects `*` is never named: PostgreSQL refuses to run a prepared statement whose result columns
 * changed since it was prepared ("cached plan must not change result type"), which a migration adding a column
 * would cause on every node still running the old code. Statements with explicit columns, inserts and updates keep
 * their result shape when columns are added.
 */
const names = new Map<string, string>();

/** Marks a compiled statement as one to prepare by name; a no-op for statements that select `*`. */
export function nameStatement(sqlText: string): void {
  if (names.has(sqlText) || sqlText.includes('*')) return;
  names.set(sqlText, `tp_${names.size + 1}`);
}

/** The name to prepare this SQL text under, if it is one of the named statements. */
export function statementNameOf(sqlText: string): string | undefined {
  return names.get(sqlText);
}
