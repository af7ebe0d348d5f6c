/** Every column of a row type, each marked `true`: a column missing from the list, or one too many, is a compile error. */
export type AllColumns<R> = { readonly [K in keyof R]-?: true };

/**
 * The columns to select instead of `*`. A statement with explicit columns keeps its result shape when a migration
 * adds a column, so PostgreSQL may keep it prepared by name (ADR-051).
 */
export function columnsOf<R>(columns: AllColumns<R>): Array<keyof R & string> {
  return Object.keys(columns) as Array<keyof R & string>;
}
