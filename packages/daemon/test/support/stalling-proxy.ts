import { connect, createServer, type Socket } from 'node:net';

/** What one side sent, in order: bytes, its FIN (`end`), or its abrupt loss (`reset`). */
type Segment = Buffer | 'end' | 'reset';

/** One forwarding direction of one proxied connection. */
interface Direction {
  queue: Segment[];
  /** Where the segments go; undefined while the upstream connection is not opened yet. */
  to: Socket | undefined;
}

/** One client connection and its upstream connection. */
interface Link {
  client: Socket;
  upstream: Socket | undefined;
  toUpstream: Direction;
  toClient: Direction;
}

export interface StallingProxy {
  /** Always 127.0.0.1. */
  host: string;
  /** The proxy's own port (chosen by the kernel). */
  port: number;
  /** Whether forwarding is stopped. */
  readonly stalled: boolean;
  /**
   * Stops forwarding in both directions, as a network that drops every packet would: no socket is closed or reset,
   * bytes sent either way are held back, and new connections are still accepted (on loopback the kernel completes
   * the handshake) but not connected onwards.
   */
  stall(): void;
  /**
   * Forwards again. What was held back is delivered first, in order, as TCP retransmission delivers it once packets
   * pass again; connections accepted while stalled are connected onwards now, and a client that gave up in the
   * meantime has its FIN delivered after its bytes.
   */
  resume(): void;
  /** Client connections open now. */
  connections(): number;
  /** Closes the listener and destroys every socket. */
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 to `target` that can stop forwarding without closing anything: the silent partition
 * (packets dropped, neither RST nor FIN) that no socket error reveals, so only client-side deadlines can.
 * TCP keep-alive cannot see it through this proxy either, since the proxy's kernel acknowledges every segment.
 */
export async function startStallingProxy(target: { host: string; port: number }): Promise<StallingProxy> {
  let stalled = false;
  let closing = false;
  const links = new Set<Link>();

  const deliver = (direction: Direction) => {
    const to = direction.to;
    if (stalled || !to) return;
    for (let segment = direction.queue.shift(); segment !== undefined; segment = direction.queue.shift()) {
      if (to.destroyed) continue;
      if (segment === 'end') to.end();
      else if (segment === 'reset') to.destroy();
      else to.write(segment);
    }
  };

  const forgetIfDone = (link: Link) => {
    const upstreamDone = link.upstream ? link.upstream.destroyed : link.toUpstream.queue.length === 0;
    if (link.client.destroyed && upstreamDone) links.delete(link);
  };

  /** Queues what `from` sends for the other side, then its FIN, or a reset if it is lost without one. */
  const readFrom = (from: Socket, direction: Direction, link: Link) => {
    let ended = false;
    from.setNoDelay(true);
    // An error is a segment like any other (a reset); it must never reach the process as an unhandled event.
    from.on('error', () => {});
    from.on('data', (chunk: Buffer) => {
      direction.queue.push(chunk);
      deliver(direction);
    });
    from.once('end', () => {
      ended = true;
      direction.queue.push('end');
      deliver(direction);
    });
    from.once('close', (hadError) => {
      if (!closing && (hadError || !ended)) {
        direction.queue.push('reset');
        deliver(direction);
      }
      forgetIfDone(link);
    });
  };

  const openUpstream = (link: Link) => {
    // A client that gave up before anything of it got through never reaches the target (its SYN was dropped).
    const queue = link.toUpstream.queue;
    if (queue.length > 0 && !queue.some(Buffer.isBuffer)) {
      queue.length = 0;
      link.client.destroy();
      return;
    }
    const upstream = connect({ host: target.host, port: target.port, allowHalfOpen: true });
    link.upstream = upstream;
    link.toUpstream.to = upstream;
    readFrom(upstream, link.toClient, link);
    deliver(link.toUpstream);
  };

  const server = createServer({ allowHalfOpen: true }, (client) => {
    const link: Link = {
      client,
      upstream: undefined,
      toUpstream: { queue: [], to: undefined },
      toClient: { queue: [], to: client },
    };
    links.add(link);
    readFrom(client, link.toUpstream, link);
    if (!stalled) openUpstream(link);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');

  return {
    host: '127.0.0.1',
    port: address.port,
    get stalled() {
      return stalled;
    },
    stall() {
      stalled = true;
    },
    resume() {
      if (closing) return;
      stalled = false;
      for (const link of [...links]) {
        if (!link.upstream) openUpstream(link);
        deliver(link.toUpstream);
        deliver(link.toClient);
        forgetIfDone(link);
      }
    },
    connections: () => [...links].filter((link) => !link.client.destroyed).length,
    async close() {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const link of links) {
        link.client.destroy();
        link.upstream?.destroy();
      }
      links.clear();
      await closed;
    },
  };
}
