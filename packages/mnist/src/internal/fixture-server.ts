/**
 * A tiny HTTP server on 127.0.0.1 for tests: serves byte fixtures and can
 * misbehave on purpose (cut a transfer, stall). Test-only; not exported.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route =
  | { kind: 'bytes'; body: Uint8Array }
  /** Announces the full length, sends the first `sendBytes`, then destroys the socket. */
  | { kind: 'cut'; body: Uint8Array; sendBytes: number }
  /** Sends headers and then nothing. */
  | { kind: 'stall' }
  | { kind: 'status'; status: number };

export interface FixtureServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Routes by path, e.g. `/a/train-images-idx3-ubyte.gz`; changeable between requests. */
  routes: Map<string, Route>;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

function send(res: ServerResponse, route: Route | undefined): void {
  if (!route) {
    res.writeHead(404).end('not found');
    return;
  }
  switch (route.kind) {
    case 'bytes':
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': route.body.length });
      res.end(route.body);
      return;
    case 'cut':
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': route.body.length });
      res.write(route.body.subarray(0, route.sendBytes), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    case 'stall':
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': 100 });
      res.flushHeaders();
      return;
    case 'status':
      res.writeHead(route.status).end();
  }
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const routes = new Map<string, Route>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    send(res, routes.get(req.url ?? ''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    routes,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
