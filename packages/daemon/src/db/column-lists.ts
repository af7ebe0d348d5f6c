/** Every column of a row type, each marked `true`: a column missing from the list, or one too many, is a compile error. */
export type AllColumns<R> = { readonly [K in keyof R]-?: true };

/**
 * The columns to select instead of `*`, from a list that names every column of the row (`AllColumns`, or the
 * `JsonColumns` of `json-rows.ts`). A statement with explicit columns keeps its result shape when a migration adds a
 * column, so PostgreSQL may keep it prepared by name (ADR-051).
 */
export function columnsOf<R>(columns: { readonly [K in keyof R]-?: unknown }): Array<keyof R & string> {
  return Object.keys(columns) as Array<keyof R & string>;
}
