import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body's bytes, for binary bodies (multipart uploads). */
  raw: Buffer;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, index: number, body: string) => void;

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a `node:http` server on 127.0.0.1 with a free port; `index` counts requests from 0. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const index = requests.length;
      const raw = Buffer.concat(chunks);
      const body = raw.toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, raw });
      handler(req, res, index, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a JSON response with an X-Request-Id. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json',
): void {
  res.writeHead(status, { 'content-type': contentType, 'x-request-id': 'req_test', ...headers });
  res.end(JSON.stringify(body));
}

/** Writes an `application/problem+json` error as the daemon does. */
export function sendProblem(
  res: ServerResponse,
  status: number,
  code: string,
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): void {
  sendJson(
    res,
    status,
    {
      type: 'about:blank',
      title: code,
      status,
      detail: `detail for ${code}`,
      code,
      requestId: `req_${status}`,
      ...extra,
    },
    { 'x-request-id': `req_${status}`, ...headers },
    'application/problem+json',
  );
}

/** A logger that records every line, for asserting on logs. */
export function createRecordingLogger() {
  const lines: { level: string; text: string }[] = [];
  const record =
    (level: string) =>
    (message: string, ...args: unknown[]) =>
      lines.push({ level, text: [message, ...args.map((a) => JSON.stringify(a))].join(' ') });
  return {
    lines,
    logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
  };
}
