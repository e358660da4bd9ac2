// Checks an export from `heard audit export` with nothing but Node: node verify-audit-export.mjs audit.jsonl
// Each entry's hash is the SHA-256 of the hash before it, a newline, and the entry's fields as JSON
// with keys sorted. Links are checked between entries numbered one after the other: in a whole-log
// export that is every entry; a consultation's export skips other consultations' entries.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'

const canonical = (v) =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v !== null && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
          .join(',')}}`
      : JSON.stringify(v)

let previous = { seq: 0, hash: '0'.repeat(64) }
let checked = 0
for (const line of readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean)) {
  const { seq, prevHash, hash, consultationId, ...fields } = JSON.parse(line)
  const expected = createHash('sha256')
    .update(`${prevHash}\n${canonical(fields)}`)
    .digest('hex')
  const linked = Number(seq) !== previous.seq + 1 || prevHash === previous.hash
  if (hash !== expected || !linked) {
    console.error(
      `Entry ${seq} is broken: ${hash !== expected ? 'its hash does not match' : 'its link does not match'}.`,
    )
    process.exit(1)
  }
  previous = { seq: Number(seq), hash }
  checked++
}
console.log(`${checked} entries hold. Last hash: ${previous.hash}`)
