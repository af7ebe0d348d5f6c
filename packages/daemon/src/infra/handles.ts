import slugify from '@sindresorhus/slugify';

/**
 * A free URL handle for `text` ("Linen Shirt" → `linen-shirt`, then `linen-shirt-2`, …), checked with `isTaken`.
 * Transliterates (`Crème brûlée` → `creme-brulee`) and falls back to `fallback` when nothing is left.
 */
export async function mintHandle(
  text: string,
  fallback: string,
  isTaken: (handle: string) => Promise<boolean>,
): Promise<string> {
  const base = slugify(text).slice(0, 80).replace(/-+$/, '') || fallback;
  let handle = base;
  for (let n = 2; await isTaken(handle); n++) handle = `${base}-${n}`;
  return handle;
}
