import { setFlagsFromString } from 'node:v8';

/** V8's own `--semi-space-growth-factor`: each young-generation growth doubles it. */
const V8_GROWTH_FACTOR = 2;

/** Whether whoever started `node` tuned the young generation (`NODE_OPTIONS` or the command line): theirs wins. */
function tunedByOperator(): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((option) =>
    option.includes('semi-space'),
  );
}

/**
 * Keeps V8's young generation at its initial size (two 1 MB semi-spaces) while the daemon starts; the returned
 * function lets it grow again, once the daemon is ready.
 *
 * Why: importing and compiling the modules and building the routes keeps many objects alive for a short while,
 * which V8 reads as a reason to grow its young generation to its maximum (two 16 MB semi-spaces). That memory stayed
 * resident in an idle daemon until its first idle collection, 5 s or more after start, about a quarter of its RSS
 * then (ADR-058). Start-up takes no longer with the small young generation (more scavenges, each smaller), and
 * under load the generation grows as usual. The growth factor is read by V8 at each growth, so setting it at run
 * time takes effect at once (an `npm` bin cannot pass V8 flags on the command line).
 */
export function holdYoungGenerationDuringStartUp(): () => void {
  if (tunedByOperator()) return () => {};
  setFlagsFromString('--semi-space-growth-factor=1');
  let released = false;
  return () => {
    if (released) return;
    released = true;
    setFlagsFromString(`--semi-space-growth-factor=${V8_GROWTH_FACTOR}`);
  };
}
