// Test servers on 127.0.0.1: listen on a free port, and close for good. Open keep-alive,
// stalled and tunnelled connections are destroyed, so close() never waits on a client.

import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Loopback {
  readonly port: number;
  /** Another socket to destroy on close (a proxy's upstream connection). */
  track(socket: Socket): void;
  /** Idempotent. */
  close: () => Promise<void>;
}

/**
 * `unref`: the server and its connections do not keep the process alive, so a server a test
 * forgot to close cannot hang mocha; whoever waits on it (a client, a child) holds the loop.
 */
export async function listenOnLoopback(server: Server, options: { unref?: boolean } = {}): Promise<Loopback> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    if (options.unref) socket.unref();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  server.on('connection', track);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (options.unref) server.unref();
  let closed: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    track,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      })),
  };
}
