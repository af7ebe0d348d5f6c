import type { FastifyInstance } from 'fastify';

interface RoutePattern {
  pattern: RegExp;
  methods: Set<string>;
}

/** A registered route as the RBAC matrix test walks it. */
export interface RegisteredRoute {
  method: string;
  url: string;
  permission: string | undefined;
  /** The body types it documents besides JSON (`config.openapiBody`): uploads, images. */
  mediaTypes: readonly string[] | undefined;
}

/**
 * Remembers every registered route so that a request for a known path with the wrong method gets
 * 405 with an `Allow` header instead of 404 (Fastify only knows "no route").
 */
export function createRouteTable(app: FastifyInstance) {
  const routes = new Map<string, RoutePattern>();
  const registered: Array<{
    methods: string[];
    url: string;
    options: { config?: { permission?: string; openapiBody?: { mediaTypes: readonly string[] } } };
  }> = [];
  app.addHook('onRoute', (route) => {
    // The CORS preflight catch-all (`OPTIONS *`) matches every path; it must not turn 404s into 405s.
    if (route.url === '*') return;
    registered.push({ methods: [route.method].flat(), url: route.url, options: route });
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const entry = routes.get(route.url) ?? { pattern: patternOf(route.url), methods: new Set<string>() };
    for (const method of methods) entry.methods.add(method.toUpperCase());
    routes.set(route.url, entry);
  });
  return {
    /** Every route with its permission, read after start-up (later hooks may fill in the permission). */
    list(): RegisteredRoute[] {
      return registered.flatMap(({ methods, url, options }) =>
        methods.map((method) => ({
          method: method.toUpperCase(),
          url,
          permission: options.config?.permission,
          mediaTypes: options.config?.openapiBody?.mediaTypes,
        })),
      );
    },
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

export type RouteTable = ReturnType<typeof createRouteTable>;

declare module 'fastify' {
  interface FastifyInstance {
    /** The registered routes, for 405 answers and the RBAC matrix test. */
    routeTable: RouteTable;
  }
}
