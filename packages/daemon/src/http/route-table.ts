import type { FastifyInstance } from 'fastify';

interface RoutePattern {
  pattern: RegExp;
  methods: Set<string>;
}

/**
 * Remembers every registered route so that a request for a known path with the wrong method gets
 * 405 with an `Allow` header instead of 404 (Fastify only knows "no route").
 */
export function createRouteTable(app: FastifyInstance) {
  const routes = new Map<string, RoutePattern>();
  app.addHook('onRoute', (route) => {
    // The CORS preflight catch-all (`OPTIONS *`) matches every path; it must not turn 404s into 405s.
    if (route.url === '*') return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const entry = routes.get(route.url) ?? { pattern: patternOf(route.url), methods: new Set<string>() };
    for (const method of methods) entry.methods.add(method.toUpperCase());
    routes.set(route.url, entry);
  });
  return {
    /** Methods allowed on a concrete path, empty when no route matches it. */
    allowedMethods(path: string): string[] {
      const allowed = new Set<string>();
      for (const { pattern, methods } of routes.values()) {
        if (pattern.test(path)) for (const method of methods) allowed.add(method);
      }
      return [...allowed].sort();
    },
  };
}

function patternOf(url: string): RegExp {
  const escaped = url
    .split('/')
    .map((part) =>
      part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${escaped}/?$`);
}
