// A TCP proxy in front of the PostgreSQL server whose link a test (or `npm run chaos`) breaks the
// ways a real network does, to see what clients get meanwhile and that the server recovers by itself:
// - cut: the far end is gone (connections closed, new ones refused: ECONNREFUSED);
// - reset: every connection, open or new, is reset (RST: ECONNRESET), as a NAT or firewall that
//   dropped its state does;
// - stall: connections stay open but nothing is forwarded either way (a congested or half-dead
//   link); on resume, what was sent meanwhile flows again.
import { createServer, connect, type Server, type Socket } from "node:net";

export interface TcpProxy {
  port: number;
  /** Drops every open connection and refuses new ones (ECONNREFUSED), as a dead link would. */
  cut(): Promise<void>;
  /** Accepts connections again on the same port. */
  restore(): Promise<void>;
  /** Resets every open connection, and every new one until `restore()` (or for `ms`). */
  reset(ms?: number): Promise<void>;
  /** Forwards nothing, either way, until `resume()` (or for `ms`); connections stay open. */
  stall(ms?: number): Promise<void>;
  resume(): void;
  /** Connections currently open through the proxy. */
  readonly connections: number;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let mode: "forward" | "reset" | "stall" = "forward";
  const flow = (p: Pair, on: boolean) => {
    if (on) {
      p.client.pipe(p.upstream);
      p.upstream.pipe(p.client);
    } else {
      p.client.unpipe(p.upstream);
      p.upstream.unpipe(p.client);
      p.client.pause();
      p.upstream.pause();
    }
  };
  const serve = (): Server =>
    createServer((client) => {
      if (mode === "reset") return void client.resetAndDestroy();
      const upstream = connect(target.port, target.host);
      const p: Pair = { client, upstream };
      pairs.add(p);
      for (const s of [client, upstream]) {
        s.on("error", () => s.destroy());
        s.on("close", () => {
          pairs.delete(p);
          client.destroy();
          upstream.destroy();
        });
      }
      flow(p, mode === "forward");
    });
  const listen = (srv: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      srv.once("error", reject);
      srv.listen(port, "127.0.0.1", () => resolve((srv.address() as { port: number }).port));
    });
  const stop = (srv: Server) =>
    new Promise<void>((resolve) => {
      for (const p of pairs) {
        p.client.destroy();
        p.upstream.destroy();
      }
      srv.close(() => resolve());
    });
  const later = (ms: number | undefined, fn: () => void) => {
    if (ms !== undefined) setTimeout(fn, ms).unref();
  };
  let server = serve();
  const port = await listen(server, 0);
  let listening = true;
  const proxy: TcpProxy = {
    port,
    get connections() {
      return pairs.size;
    },
    cut: async () => {
      if (listening) await stop(server);
      listening = false;
    },
    restore: async () => {
      if (mode === "stall") proxy.resume();
      mode = "forward";
      if (listening) return;
      server = serve();
      await listen(server, port);
      listening = true;
    },
    reset: async (ms) => {
      mode = "reset";
      for (const p of pairs) {
        p.client.resetAndDestroy();
        p.upstream.resetAndDestroy();
      }
      later(ms, () => {
        if (mode === "reset") mode = "forward";
      });
    },
    stall: async (ms) => {
      mode = "stall";
      for (const p of pairs) flow(p, false);
      later(ms, () => proxy.resume());
    },
    resume: () => {
      if (mode !== "stall") return;
      mode = "forward";
      for (const p of pairs) flow(p, true);
    },
    close: async () => {
      mode = "forward";
      if (listening) await stop(server);
      listening = false;
    },
  };
  return proxy;
}
