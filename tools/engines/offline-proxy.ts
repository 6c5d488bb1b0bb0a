// An HTTP proxy on loopback that a browser without network emulation (WebKitGTK over WebDriver classic) is
// pointed at: online it forwards every request, offline it drops the connection, as a dead network would.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OfflineProxy {
  /** host:port, for the WebDriver `proxy` capability. */
  address: string;
  offline: boolean;
  close(): Promise<void>;
}

export async function startOfflineProxy(): Promise<OfflineProxy> {
  const state = { offline: false };
  const server = createServer((req, res) => {
    if (state.offline) return void req.socket.destroy();
    // A proxied request carries the absolute URL.
    const target = new URL(req.url ?? '');
    const upstream = request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(state, {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
