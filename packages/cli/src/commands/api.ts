import { Args, Flags } from '@oclif/core';
import { buildFields, parseHeader, readJsonInput, splitPathQuery } from '../api/api-request.js';
import { BaseCommand } from '../base-command.js';
import { CliFailure, EXIT } from '../output/describe-error.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

type Query = Record<string, string | number | boolean | undefined>;

interface Exchange {
  data: unknown;
  status: number;
  headers: Record<string, string>;
}

export default class Api extends BaseCommand<typeof Api> {
  static override summary = 'Make an authenticated request to the Tillpoint API.';

  static override description =
    `The escape hatch for any endpoint, like \`gh api\`. The response body is printed as JSON.

Fields given with -f (strings) or -F (typed: numbers, true, false, null and JSON) build a JSON body; \
keys may nest with brackets (\`items[0][sku]=A\`, \`tags[]=x\`). For GET and HEAD they become query \
parameters instead. --input sends a JSON body from a file or stdin (then fields become query parameters).

With --paginate, a list endpoint is followed page by page (\`has_more\`, \`starting_after\`) and one merged \
list is printed. With a non-2xx answer the problem body is printed and the exit code is 1 (4 for 401).`;

  static override examples = [
    { description: 'What the daemon is.', command: '<%= config.bin %> <%= command.id %> GET /v1/meta' },
    {
      description: 'Create a resource from fields.',
      command:
        '<%= config.bin %> <%= command.id %> POST /v1/products -f name=Mug -F price=1200 -f currency=EUR',
    },
    {
      description: 'Send a JSON body from stdin.',
      command: 'echo \'{"name":"Mug"}\' | <%= config.bin %> <%= command.id %> POST /v1/products --input -',
    },
    {
      description: 'Fetch every page of a list.',
      command: '<%= config.bin %> <%= command.id %> GET /v1/orders --paginate -f limit=100',
    },
    {
      description: 'Show the status line and headers too.',
      command: '<%= config.bin %> <%= command.id %> GET /healthz -i',
    },
  ];

  static override args = {
    method: Args.string({ description: `HTTP method: ${METHODS.join(', ')}.`, required: true }),
    path: Args.string({
      description: 'Path on the daemon, e.g. /v1/meta; may carry a query string.',
      required: true,
    }),
  };

  static override flags = {
    field: Flags.string({
      char: 'f',
      description: 'Add a string parameter key=value.',
      helpValue: '<key=value>',
      multiple: true,
    }),
    'typed-field': Flags.string({
      char: 'F',
      description: 'Add a typed parameter key=value: numbers, true, false, null and JSON are decoded.',
      helpValue: '<key=value>',
      multiple: true,
    }),
    input: Flags.string({
      description: 'Read the JSON request body from a file, or from stdin with "-".',
      helpValue: '<file|->',
    }),
    header: Flags.string({
      char: 'H',
      description: 'Add a request header "Name: value".',
      helpValue: '<name:value>',
      multiple: true,
    }),
    paginate: Flags.boolean({
      description: 'Follow has_more/starting_after and print all items as one list (GET only).',
    }),
    include: Flags.boolean({
      char: 'i',
      description: 'Print the status line and response headers before the body (not with --json).',
    }),
  };

  async run(): Promise<unknown> {
    const method = this.args.method.toUpperCase();
    if (!(METHODS as readonly string[]).includes(method)) {
      throw new CliFailure(
        `Unknown HTTP method "${this.args.method}". Use one of ${METHODS.join(', ')}.`,
        'usage_error',
        {
          exitCode: EXIT.usage,
        },
      );
    }
    const { path, query } = splitPathQuery(this.args.path);
    const fields = buildFields(this.flags.field ?? [], this.flags['typed-field'] ?? []);
    const headers: Record<string, string> = {};
    for (const raw of this.flags.header ?? []) {
      const [name, value] = parseHeader(raw);
      headers[name] = value;
    }

    let body: unknown;
    if (this.flags.input !== undefined) {
      body = await readJsonInput(this.flags.input);
      Object.assign(query, flattenForQuery(fields));
    } else if (method === 'GET' || method === 'HEAD') {
      Object.assign(query, flattenForQuery(fields));
    } else if (Object.keys(fields).length > 0) {
      body = fields;
    }

    if (this.flags.paginate && method !== 'GET') {
      throw new CliFailure('--paginate works with GET only.', 'usage_error', { exitCode: EXIT.usage });
    }

    const send = (pageQuery: Query) => this.send(method, path, pageQuery, body, headers);
    const result = this.flags.paginate ? await this.paginate(send, query) : (await send(query)).data;

    if (this.jsonEnabled()) {
      // oclif prints truthy results; other bodies (null, 0, "", empty 204) still need one document.
      if (!result) this.out.jsonDocument(result ?? null);
      return result;
    }
    printBody(this.out.line, result);
    return result;
  }

  private async send(
    method: string,
    path: string,
    query: Query,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<Exchange> {
    const client = await this.client();
    try {
      const { data, response } = await client
        .request<unknown>(method, path, {
          ...(Object.keys(query).length > 0 ? { query } : {}),
          ...(body === undefined ? {} : { body }),
          ...(Object.keys(headers).length > 0 ? { headers } : {}),
        })
        .withResponse();
      this.printHead(response.status, response.headers);
      return { data, status: response.status, headers: response.headers };
    } catch (error) {
      const sdk = await this.loadSdk();
      if (error instanceof sdk.APIError && !this.jsonEnabled()) {
        // Like `gh api`: the response (head and problem body) on stdout, the summary on stderr.
        this.printHead(error.status, error.headers);
        printBody(
          this.out.line,
          error.problem ?? { status: error.status, code: error.code, message: error.message },
        );
      }
      throw error;
    }
  }

  private async paginate(send: (query: Query) => Promise<Exchange>, query: Query): Promise<unknown> {
    const items: unknown[] = [];
    let pageQuery = { ...query };
    for (let page = 1; ; page++) {
      const { data } = await send(pageQuery);
      if (!isList(data)) {
        throw new CliFailure(`${this.args.path} did not answer with a list; drop --paginate.`, 'not_a_list');
      }
      items.push(...data.data);
      const last = data.data.at(-1) as { id?: unknown } | undefined;
      if (!data.has_more || typeof last?.id !== 'string') break;
      pageQuery = { ...query, starting_after: last.id };
      if (page % 10 === 0) this.out.notice(this.out.errStyle.dim(`Fetched ${items.length} items…`));
    }
    return { object: 'list', data: items, has_more: false };
  }

  private printHead(status: number, headers: Record<string, string>): void {
    if (!this.flags.include) return;
    const s = this.out.style;
    this.out.line(`${s.bold(`HTTP ${status}`)}`);
    for (const [name, value] of Object.entries(headers).sort(([a], [b]) => a.localeCompare(b))) {
      this.out.line(`${s.cyan(name)}: ${value}`);
    }
    this.out.line();
  }
}

function isList(value: unknown): value is { data: unknown[]; has_more: boolean } {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { data?: unknown }).data) &&
    typeof (value as { has_more?: unknown }).has_more === 'boolean'
  );
}

function printBody(line: (text: string) => void, body: unknown): void {
  if (body === undefined || body === null || body === '') return;
  line(typeof body === 'string' ? body : JSON.stringify(body, null, 2));
}

/** Query strings carry scalars only; nested field values are sent as JSON text. */
function flattenForQuery(fields: Record<string, unknown>): Query {
  const query: Query = {};
  for (const [key, value] of Object.entries(fields)) {
    query[key] =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? value
        : JSON.stringify(value);
  }
  return query;
}
