import type { Kysely } from 'kysely'
import nodemailer from 'nodemailer'
import type { Database } from '../db/schema.js'

// Messages to people who respond (a resume link, for now). With SMTP configured they are sent;
// without it, or when the server refuses them, they wait in the outbox table for an administrator.

export interface MailMessage {
  to: string
  subject: string
  text: string
}

export interface Mailer {
  /** Sends the message, or keeps it in the outbox; says which. */
  send(message: MailMessage): Promise<'sent' | 'outbox'>
}

export function createMailer(deps: {
  db: Kysely<Database>
  smtpUrl: string | undefined
  from: string
}): Mailer {
  const { db, smtpUrl, from } = deps
  const transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : undefined
  const keep = async (message: MailMessage) => {
    await db
      .insertInto('outbox')
      .values({ recipient: message.to, subject: message.subject, body: message.text })
      .execute()
    return 'outbox' as const
  }
  return {
    async send(message) {
      if (!transport) return keep(message)
      try {
        await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text })
        return 'sent'
      } catch {
        return keep(message)
      }
    },
  }
}

export function listOutbox(db: Kysely<Database>, limit = 100) {
  return db
    .selectFrom('outbox')
    .select(['id', 'recipient', 'subject', 'body', 'created_at'])
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute()
}
