/** A one-line spinner on stderr. */
export interface Spinner {
  /** Replaces the text after the spinner and redraws it. */
  update(text: string): void;
  /** Stops the spinner and clears its line. */
  stop(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A spinner with a line of text on stderr when `enabled` (pass whether stderr is a TTY outside CI); a no-op
 * otherwise, so that pipes and logs never get control codes. `stop()` clears the line.
 */
export function createSpinner(enabled: boolean, text = ''): Spinner {
  if (!enabled) return { update() {}, stop() {} };
  let frame = 0;
  let current = text;
  const draw = () => {
    process.stderr.write(`\r\u001b[K${FRAMES[frame % FRAMES.length]} ${current}`);
    frame++;
  };
  const timer = setInterval(draw, 100);
  timer.unref();
  draw();
  return {
    update(next) {
      current = next;
      draw();
    },
    stop() {
      clearInterval(timer);
      process.stderr.write('\r\u001b[K');
    },
  };
}

/** Whether progress may be drawn: stderr is a terminal and `CI` is unset. */
export function progressAllowed(): boolean {
  return Boolean(process.stderr.isTTY && !process.env.CI);
}
