/**
 * Search text is folded in the daemon, not by the database: accents removed (NFKD, combining marks dropped), lower
 * case, every run of characters that are not letters or digits made one space. Both dialects then index and query
 * the same plain words, so SQLite and PostgreSQL find the same products, and PostgreSQL needs no `unaccent`.
 */
export function foldSearchText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Longest query the index is asked for: more words narrow nothing useful and cost a join each. */
const MAX_TERMS = 8;

/** The words of a search query, each matched as a prefix (`lin` finds `linen`). Empty when nothing is searchable. */
export function searchTerms(query: string): string[] {
  const folded = foldSearchText(query);
  return folded === '' ? [] : folded.split(' ').slice(0, MAX_TERMS);
}
