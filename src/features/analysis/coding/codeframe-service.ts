import type { Kysely } from 'kysely'
import type { StaffActor } from '../../../platform/auth/guards.js'
import { isUniqueViolation } from '../../../platform/db/constraint-errors.js'
import type { Database } from '../../../platform/db/schema.js'
import { NotFoundError, ValidationError } from '../../../platform/errors.js'
import { t } from '../../../platform/i18n/translate.js'
import { type Assignment, makesCycle, planMerge, planSplit, themeTree } from './codeframe.js'
import {
  insertCodeframeVersion,
  insertTheme,
  listCodeframeVersions,
  markThemesReplaced,
  nextCodeframeVersion,
  reparentThemes,
  updateTheme,
} from './codeframe-repository.js'
import {
  deleteAssignments,
  insertCodingThemes,
  listAssignmentsOf,
  type ThemeAssignment,
} from './codings-repository.js'
import type { ThemeForm } from './forms.js'
import { type Breakdown, countThemes } from './repository.js'
import { type CodingDeps, codingSupport } from './support.js'

// The codeframe: adding, changing, merging and splitting themes, each change a new version, and
// how many comments carry each theme.

export function createCodeframeService(deps: CodingDeps) {
  const { db, now } = deps
  const { themesOf, activeThemes, audit, requireThemes } = codingSupport(deps)

  /** Appends a version of the codeframe (the active themes as they now are) with what changed. */
  async function recordVersion(
    trx: Kysely<Database>,
    consultationId: string,
    change: string,
    actor: StaffActor,
  ) {
    const version = await nextCodeframeVersion(trx, consultationId)
    const themes = themeTree(await themesOf(trx, consultationId)).map((t) => ({
      id: t.id,
      code: t.code,
      label: t.label,
      parentId: t.parentId,
      questionKey: t.questionKey,
    }))
    await insertCodeframeVersion(trx, {
      consultation_id: consultationId,
      version,
      change,
      themes: JSON.stringify(themes),
      changed_by: actor.userId,
      changed_at: now(),
    })
    return version
  }

  /** Runs a theme write, answering a code already in use as the person's mistake. */
  async function withUniqueCode<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write()
    } catch (error) {
      if (isUniqueViolation(error)) throw new ValidationError({ code: t('coding.validation.codeTaken') })
      throw error
    }
  }

  function addThemeRow(trx: Kysely<Database>, consultationId: string, form: ThemeForm) {
    return withUniqueCode(() =>
      insertTheme(trx, {
        consultation_id: consultationId,
        parent_id: form.parentId,
        code: form.code,
        label: form.label,
        description: form.description,
        examples: JSON.stringify(form.examples),
        question_key: form.questionKey,
        replaced_by: '[]',
        created_at: now(),
      }),
    )
  }

  /** Carries codings from some themes to others following a plan, and returns how many moved. */
  async function applyPlan(
    trx: Kysely<Database>,
    plan: { remove: PlannedAssignment[]; add: PlannedAssignment[] },
  ) {
    await deleteAssignments(trx, plan.remove.map(asRow))
    await insertCodingThemes(trx, plan.add.map(asRow))
    return plan.add.length
  }

  return {
    async codeframe(consultationId: string) {
      const themes = await themesOf(db, consultationId)
      const versions = await listCodeframeVersions(db, consultationId)
      return { themes, tree: themeTree(themes), versions }
    },

    async addTheme(consultationId: string, form: ThemeForm, actor: StaffActor) {
      return db.transaction().execute(async (trx) => {
        const id = await addThemeRow(trx, consultationId, form)
        const version = await recordVersion(trx, consultationId, `added ${form.code}`, actor)
        await audit(trx, actor, 'theme.created', 'theme', id, { code: form.code, version })
        return id
      })
    },

    async updateTheme(consultationId: string, themeId: string, form: ThemeForm, actor: StaffActor) {
      return db.transaction().execute(async (trx) => {
        const themes = await themesOf(trx, consultationId)
        if (!themes.some((t) => t.id === themeId && t.status === 'active'))
          throw new NotFoundError('No such theme')
        if (makesCycle(themes, themeId, form.parentId))
          throw new ValidationError({ parentId: t('coding.validation.parentCycle') })
        await withUniqueCode(() =>
          updateTheme(trx, themeId, {
            code: form.code,
            label: form.label,
            description: form.description,
            examples: JSON.stringify(form.examples),
            parent_id: form.parentId,
            question_key: form.questionKey,
          }),
        )
        const version = await recordVersion(trx, consultationId, `changed ${form.code}`, actor)
        await audit(trx, actor, 'theme.updated', 'theme', themeId, { code: form.code, version })
      })
    },

    /** Merges themes into another: their codings move to the target, and they are kept as merged. */
    async mergeThemes(
      consultationId: string,
      sourceIds: readonly string[],
      targetId: string,
      actor: StaffActor,
    ) {
      return db.transaction().execute(async (trx) => {
        const [target, ...sources] = await requireThemes(trx, consultationId, [targetId, ...sourceIds])
        if (!target || sourceIds.includes(targetId))
          throw new ValidationError({ target: t('coding.validation.mergeIntoItself') })
        const assignments = await listAssignmentsOf(trx, [...sourceIds, targetId])
        const moved = await applyPlan(trx, planMerge(assignments.map(asAssignment), sourceIds, targetId))
        await markThemesReplaced(trx, sourceIds, 'merged', [targetId])
        // Children of a merged theme now sit under the target.
        await reparentThemes(trx, sourceIds, targetId)
        const codes = sources.map((s) => s.code)
        const version = await recordVersion(
          trx,
          consultationId,
          `merged ${codes.join(', ')} into ${target.code}`,
          actor,
        )
        await audit(trx, actor, 'theme.merged', 'theme', targetId, {
          sources: codes,
          target: target.code,
          moved,
          version,
        })
        return { code: target.code, moved }
      })
    },

    /** Splits a theme into new ones under the same parent; its codings go to the first new theme. */
    async splitTheme(
      consultationId: string,
      sourceId: string,
      parts: readonly { code: string; label: string }[],
      actor: StaffActor,
    ) {
      return db.transaction().execute(async (trx) => {
        const [source] = await requireThemes(trx, consultationId, [sourceId])
        if (!source) throw new NotFoundError('No such theme')
        const ids: string[] = []
        for (const part of parts)
          ids.push(
            await addThemeRow(trx, consultationId, {
              code: part.code,
              label: part.label,
              description: '',
              examples: [],
              parentId: source.parentId,
              questionKey: source.questionKey,
            }),
          )
        const assignments = await listAssignmentsOf(trx, [sourceId])
        const moved = await applyPlan(trx, planSplit(assignments.map(asAssignment), sourceId, ids))
        await markThemesReplaced(trx, [sourceId], 'split', ids)
        await reparentThemes(trx, [sourceId], ids[0] ?? null)
        const codes = parts.map((p) => p.code)
        const version = await recordVersion(
          trx,
          consultationId,
          `split ${source.code} into ${codes.join(', ')}`,
          actor,
        )
        await audit(trx, actor, 'theme.split', 'theme', sourceId, {
          source: source.code,
          into: codes,
          moved,
          version,
        })
        return { code: source.code, first: codes[0] ?? '', moved }
      })
    },

    /**
     * How many coded comments carry each theme, per group of a breakdown (channel, or the answer to
     * a question such as an About-you one), with the coded comments per group as the denominator.
     * Plain data for quantitative tables and reports.
     */
    async themeCounts(consultationId: string, breakdown: Breakdown, questionKey?: string) {
      const themes = await activeThemes(consultationId)
      const counts = await countThemes(db, consultationId, breakdown, questionKey)
      const groups = counts.totals.map((g) => g.group).sort()
      const cell = new Map(counts.themes.map((c) => [`${c.themeId}|${c.group}`, c.count]))
      return {
        groups: groups.map((group) => ({
          group,
          codedComments: counts.totals.find((g) => g.group === group)?.count ?? 0,
        })),
        themes: themeTree(themes).map((theme) => ({
          themeId: theme.id,
          code: theme.code,
          label: theme.label,
          depth: theme.depth,
          counts: Object.fromEntries(groups.map((g) => [g, cell.get(`${theme.id}|${g}`) ?? 0])),
          total: counts.themes.filter((c) => c.themeId === theme.id).reduce((n, c) => n + c.count, 0),
        })),
      }
    },
  }
}

type PlannedAssignment = ThemeAssignment & Assignment

function asAssignment(row: ThemeAssignment): PlannedAssignment {
  return { ...row, codingId: row.coding_id, themeId: row.theme_id }
}

/** Back to a coding_themes row, after a plan may have moved it to another theme; provenance travels with it. */
function asRow(a: PlannedAssignment): ThemeAssignment {
  return {
    coding_id: a.codingId,
    theme_id: a.themeId,
    provenance: a.provenance,
    assigned_by: a.assigned_by,
    model_name: a.model_name,
    model_version: a.model_version,
    confidence: a.confidence,
    assigned_at: a.assigned_at,
  }
}
