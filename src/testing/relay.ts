import net from 'node:net'

/** A port nobody listens on now, for a server a test starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
    probe.on('error', reject)
  })
}

/**
 * A TCP relay to PostgreSQL whose connections can all be cut and then let through again, standing
 * in for a database outage or restart (the server itself is shared by every test).
 */
export async function startRelay(target: URL) {
  const sockets = new Set<net.Socket>()
  const port = await freePort()
  let server: net.Server | undefined
  const open = () =>
    new Promise<void>((resolve) => {
      server = net
        .createServer((client) => {
          const upstream = net.connect(Number(target.port || 5432), target.hostname)
          for (const s of [client, upstream]) {
            sockets.add(s)
            s.on('close', () => sockets.delete(s))
            s.on('error', () => s.destroy())
          }
          client.pipe(upstream).pipe(client)
        })
        .listen(port, '127.0.0.1', () => resolve())
    })
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy()
      if (server?.listening) server.close(() => resolve())
      else resolve()
    })
  await open()
  return { port, open, cut }
}
