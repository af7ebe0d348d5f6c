type Child = Node | string | number | null | undefined | false;
type AttributeValue = string | number | boolean | undefined | ((event: Event) => void);

/**
 * Builds an element. `on…` functions become event listeners, `true` a bare attribute, `false` and `undefined`
 * nothing. Text always goes in as text nodes, so nothing from the API is ever parsed as HTML.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, AttributeValue> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** A message area for a form's outcome; `role="alert"` for errors, so screen readers announce them. */
export function statusLine(testId: string) {
  const element = h('p', { class: 'status', 'data-testid': testId });
  return {
    element,
    error(text: string) {
      element.className = 'status error';
      element.setAttribute('role', 'alert');
      element.textContent = text;
    },
    info(text: string) {
      element.className = 'status info';
      element.removeAttribute('role');
      element.textContent = text;
    },
    clear() {
      element.textContent = '';
    },
  };
}

/** The value of a named field of a form. */
export function field(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === 'string' ? value.trim() : '';
}
