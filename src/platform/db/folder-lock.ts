import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import lockfile from 'proper-lockfile'

/** Who holds a data folder, as written beside its lock. */
interface FolderOwner {
  pid: number
  command: string
  since: string
}

/** Refused because another process has the data folder open; the message is one line for the operator. */
export class FolderInUseError extends Error {
  override name = 'FolderInUseError'
}

// proper-lockfile judges a lock stale by how long since its owner last touched it, but PGlite
// works on the event loop and can hold it for longer than any short threshold while migrating or
// loading the demo. So a lock is judged by whether its owner's process is alive, and the mtime
// only after a day, for a lock whose owner never wrote its name.
const staleMs = 24 * 60 * 60 * 1000
const ownerFile = (lockDir: string) => path.join(lockDir, 'owner.json')
// Folders this process holds: its own pid in a lock means "abandoned" only when it is not one of these.
const heldHere = new Set<string>()

function isRunning(pid: number, lockDir: string): boolean {
  if (pid === process.pid) return heldHere.has(lockDir)
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function readOwner(lockDir: string): Promise<FolderOwner | undefined> {
  try {
    return JSON.parse(await readFile(ownerFile(lockDir), 'utf8')) as FolderOwner
  } catch {
    return undefined
  }
}

/**
 * Takes the PGlite data folder for this process alone: PGlite is one process's database, and two
 * writing to one folder lose commits and break the audit chain. A lock whose owner has died (a
 * process killed with SIGKILL leaves it behind) is taken over at once, without waiting for it to
 * go stale. Resolves to the function that gives the folder back.
 */
export async function lockDataFolder(dataDir: string): Promise<() => Promise<void>> {
  const lockDir = path.join(dataDir, 'heard.lock')
  const options = {
    lockfilePath: lockDir,
    stale: staleMs,
    realpath: false,
    // Its default throws from a timer, stopping the process; the owner's pid is what counts here.
    onCompromised: () => {},
  }
  const take = () => lockfile.lock(dataDir, options)
  let release: () => Promise<void>
  try {
    release = await take()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error
    const owner = await readOwner(lockDir)
    if (owner && isRunning(owner.pid, lockDir))
      throw new FolderInUseError(
        `The data folder ${dataDir} is in use by another Heard process (pid ${owner.pid}, "${owner.command}", since ${owner.since}): stop it first.`,
      )
    if (!owner)
      throw new FolderInUseError(
        `The data folder ${dataDir} is in use by another Heard process: stop it first.`,
      )
    await rm(lockDir, { recursive: true, force: true })
    release = await take().catch((retry: NodeJS.ErrnoException) => {
      // Another process took the abandoned lock first.
      if (retry.code === 'ELOCKED')
        throw new FolderInUseError(
          `The data folder ${dataDir} is in use by another Heard process: stop it first.`,
        )
      throw retry
    })
  }
  const owner: FolderOwner = {
    pid: process.pid,
    command: process.argv.slice(2).join(' ') || 'heard',
    since: new Date().toISOString(),
  }
  await writeFile(ownerFile(lockDir), JSON.stringify(owner))
  heldHere.add(lockDir)
  return async () => {
    heldHere.delete(lockDir)
    await rm(ownerFile(lockDir), { force: true })
    await release()
  }
}
