// Apart from backup.ts, so the command line can recognise the error without loading a database.

/** A backup or restore that cannot go ahead; the message is one line for the operator. */
export class BackupError extends Error {
  override name = 'BackupError'
}
