/**
 * A free URL handle for `text` ("Linen Shirt" → `linen-shirt`, then `linen-shirt-2`, …), checked with `isTaken`.
 * Transliterates (`Crème brûlée` → `creme-brulee`) and falls back to `fallback` when nothing is left.
 */
export async function mintHandle(
  text: string,
  fallback: string,
  isTaken: (handle: string) => Promise<boolean>,
): Promise<string> {
  // Imported on first use: its transliteration tables are start-up time and memory that only writes of names need.
  const { default: slugify } = await import('@sindresorhus/slugify');
  const base = slugify(text).slice(0, 80).replace(/-+$/, '') || fallback;
  let handle = base;
  for (let n = 2; await isTaken(handle); n++) handle = `${base}-${n}`;
  return handle;
}
