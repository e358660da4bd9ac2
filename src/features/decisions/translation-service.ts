import type { Kysely } from 'kysely'
import { type AuditActor, recordAudit } from '../../platform/audit/audit-log.js'
import type { Database } from '../../platform/db/schema.js'
import { NotFoundError } from '../../platform/errors.js'
import { describeLanguage, languagesOf } from '../../questionnaire/localise.js'
import type { ConsultationService } from '../consultations/index.js'
import {
  isLanguageCode,
  localiser,
  offeredLanguages,
  publicTexts,
  type SavedTranslation,
  translationSlots,
} from './translations.js'

// Reading and writing the translations of the public page. A save replaces the language's
// translations as the form gives them, in one transaction with its audit entry.

type Db = Kysely<Database>

export interface TranslationDeps {
  db: Db
  now: () => Date
  consultations: Pick<ConsultationService, 'getPublishedQuestionnaire'>
  /** What the public page can show now, whatever is signed off or not. */
  texts: (consultationId: string) => Promise<Parameters<typeof publicTexts>[0]>
}

function listTranslations(db: Db, consultationId: string, language: string) {
  return db
    .selectFrom('decision_translations')
    .select(['kind', 'subject', 'source', 'text'])
    .where('consultation_id', '=', consultationId)
    .where('language', '=', language)
    .execute()
}

async function translatedLanguages(db: Db, consultationId: string) {
  const rows = await db
    .selectFrom('decision_translations')
    .select('language')
    .distinct()
    .where('consultation_id', '=', consultationId)
    .execute()
  return rows.map((r) => r.language)
}

export function createTranslationMethods(deps: TranslationDeps) {
  const { db, now } = deps

  async function languages(consultationId: string) {
    const questionnaire = await deps.consultations.getPublishedQuestionnaire(consultationId)
    const codes = questionnaire ? languagesOf(questionnaire.definition).map((l) => l.code) : []
    return offeredLanguages(codes, await translatedLanguages(db, consultationId))
  }

  return {
    translationLanguages: languages,

    /** Every public text beside its translation into `language` so far. */
    async translationSlots(consultationId: string, language: string) {
      if (!isLanguageCode(language)) throw new NotFoundError(`No language ${language}`)
      const [texts, saved] = await Promise.all([
        deps.texts(consultationId),
        listTranslations(db, consultationId, language),
      ])
      return { language: describeLanguage(language), slots: translationSlots(publicTexts(texts), saved) }
    },

    async saveTranslations(
      consultationId: string,
      language: string,
      translations: readonly SavedTranslation[],
      actor: AuditActor,
    ) {
      if (!isLanguageCode(language)) throw new NotFoundError(`No language ${language}`)
      const at = now()
      return db.transaction().execute(async (trx) => {
        const before = await listTranslations(trx, consultationId, language)
        let written = 0
        let removed = 0
        for (const x of translations) {
          const old = before.find((b) => b.kind === x.kind && b.subject === x.subject)
          const where = trx
            .deleteFrom('decision_translations')
            .where('consultation_id', '=', consultationId)
            .where('language', '=', language)
            .where('kind', '=', x.kind)
            .where('subject', '=', x.subject)
          if (!x.text) {
            if (old) {
              await where.execute()
              removed += 1
            }
            continue
          }
          if (old && old.text === x.text && old.source === x.source) continue
          const values = {
            source: x.source,
            text: x.text,
            written_by: actor.userId,
            written_by_label: actor.label,
            written_at: at,
          }
          await trx
            .insertInto('decision_translations')
            .values({
              consultation_id: consultationId,
              language,
              kind: x.kind,
              subject: x.subject,
              ...values,
            })
            .onConflict((oc) =>
              oc.columns(['consultation_id', 'language', 'kind', 'subject']).doUpdateSet(values),
            )
            .execute()
          written += 1
        }
        await recordAudit(
          trx,
          {
            actor,
            action: 'decisions.translations_saved',
            entityType: 'consultation',
            entityId: consultationId,
            details: { language, written, removed },
          },
          at,
        )
        return { written, removed }
      })
    },

    /** The public page's language menu and its pick of each text; unknown languages read as English. */
    async publicLanguage(consultationId: string, requested: unknown) {
      const offered = await languages(consultationId)
      const chosen = offered.find((l) => l.code === requested)
      const saved = chosen ? await listTranslations(db, consultationId, chosen.code) : []
      return { offered, chosen, localise: localiser(saved, chosen) }
    },
  }
}
