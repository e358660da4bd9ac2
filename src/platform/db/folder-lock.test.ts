import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, test } from 'node:test'
import { FolderInUseError, lockDataFolder } from './folder-lock.js'

// Finding 3 of issue 20: two processes opened one PGlite folder, and half the receipted responses
// were lost. The folder is now one process's at a time.

const folders: string[] = []
const newFolder = () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'heard-lock-'))
  folders.push(folder)
  return folder
}
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})

test('a folder already open is refused with one line naming the process that has it', async () => {
  const folder = newFolder()
  const release = await lockDataFolder(folder)
  await assert.rejects(lockDataFolder(folder), (error: unknown) => {
    assert.ok(error instanceof FolderInUseError)
    assert.match(error.message, new RegExp(`in use by another Heard process \\(pid ${process.pid}, `))
    assert.match(error.message, /stop it first\.$/)
    assert.doesNotMatch(error.message, /\n/)
    return true
  })
  await release()
  const again = await lockDataFolder(folder)
  await again()
})

test('a lock left by a process that died (kill -9) is taken over at once', async () => {
  const folder = newFolder()
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  })
  const deadPid = Number(gone.stdout)
  assert.ok(deadPid > 0)
  const lockDir = path.join(folder, 'heard.lock')
  mkdirSync(lockDir)
  writeFileSync(
    path.join(lockDir, 'owner.json'),
    JSON.stringify({ pid: deadPid, command: 'serve', since: new Date().toISOString() }),
  )
  const release = await lockDataFolder(folder)
  await release()
})
