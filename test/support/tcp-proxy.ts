// A TCP proxy in front of the PostgreSQL server whose link a test can cut and restore, to see what
// clients get while the database is unreachable and that the server recovers by itself.
import { createServer, connect, type Server, type Socket } from "node:net";

export interface TcpProxy {
  port: number;
  /** Drops every open connection and refuses new ones (ECONNREFUSED), as a dead link would. */
  cut(): Promise<void>;
  /** Accepts connections again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const serve = (): Server =>
    createServer((client) => {
      const upstream = connect(target.port, target.host);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
  const listen = (srv: Server, port: number) => new Promise<number>((resolve, reject) => {
    srv.once("error", reject);
    srv.listen(port, "127.0.0.1", () => resolve((srv.address() as { port: number }).port));
  });
  const stop = (srv: Server) => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    srv.close(() => resolve());
  });
  let server = serve();
  const port = await listen(server, 0);
  let listening = true;
  return {
    port,
    cut: async () => {
      if (listening) await stop(server);
      listening = false;
    },
    restore: async () => {
      if (listening) return;
      server = serve();
      await listen(server, port);
      listening = true;
    },
    close: async () => {
      if (listening) await stop(server);
      listening = false;
    },
  };
}
