import type { FieldErrors } from '../../../platform/errors.js'
import { errorList } from '../../../platform/http/forms.js'
import { t } from '../../../platform/i18n/translate.js'
import type { DiscoveryResult, TrainingResult } from './auto-coding-service.js'

// View models for the auto-coding pages: the model's runs and quality, what to code next, and
// theme discovery's candidates.

const percent = (value: number) => `${(value * 100).toFixed(1)}%`

const modelName = (name: string | null, version: string | null) =>
  name ? t('coding.modelVersion', { name, version: version ?? '' }) : ''

/** Runs of training or discovery as listed on their page, newest first. */
export function presentRuns(
  runs: readonly {
    id: string
    status: string
    requested_at: Date
    started_at: Date | null
    finished_at: Date | null
    requested_by_name: string | null
    model_name: string | null
    model_version: string | null
    error: string | null
  }[],
) {
  return runs.map((r) => ({
    id: r.id,
    status: r.status,
    statusText: t(`coding.runStatus.${r.status}`),
    requestedAt: r.requested_at,
    finishedAt: r.finished_at,
    requestedBy: r.requested_by_name ?? '',
    seconds:
      r.started_at && r.finished_at
        ? Math.round((r.finished_at.getTime() - r.started_at.getTime()) / 100) / 10
        : undefined,
    model: modelName(r.model_name, r.model_version),
    error: r.error ?? '',
  }))
}

/** What a training run found: either what it still needs, or held-out quality per theme and overall. */
export function presentQuality(result: TrainingResult, labels: ReadonlyMap<string, string>) {
  const shortfalls = result.untrained.map((u) => ({
    theme: labels.get(u.theme) ?? u.theme,
    have: u.have,
    needed: u.needed,
  }))
  if (!result.ok) return { trained: false, have: result.have, needed: result.needed, shortfalls }
  const quality = result.quality
  return {
    trained: true,
    trainedOn: result.trainedOn,
    themes: result.themes,
    suggested: result.suggested,
    shortfalls,
    validated: quality.ok,
    oneTheme: !quality.ok && 'reason' in quality,
    validationNeeded: quality.ok || 'reason' in quality ? 0 : quality.needed,
    keptApart: result.keptApart ?? 0,
    confirmedBlind: result.confirmedBlind ?? 0,
    folds: quality.ok ? quality.folds : 0,
    items: quality.ok ? quality.scores.items : 0,
    overall: quality.ok
      ? {
          micro: percent(quality.scores.microF1),
          macro: percent(quality.scores.macroF1),
          samples: percent(quality.scores.samplesF1),
        }
      : undefined,
    perTheme: quality.ok
      ? quality.scores.perTheme.map((s) => ({
          theme: labels.get(s.theme) ?? s.theme,
          precision: percent(s.precision),
          recall: percent(s.recall),
          f1: percent(s.f1),
          support: s.support,
        }))
      : [],
  }
}

/** The latest training run on the model page: which model it made, when, and how good it is. */
export function presentLatestTraining(
  run: { model_name: string | null; model_version: string | null; finished_at: Date | null; result: unknown },
  labels: ReadonlyMap<string, string>,
) {
  return {
    model: modelName(run.model_name, run.model_version),
    finishedAt: run.finished_at,
    ...presentQuality(run.result as TrainingResult, labels),
  }
}

/** The comments to code next, shortened, with the theme the model is least sure of. */
export function presentNextComments(
  comments: readonly { text: string; themeId: string; uncertainty: number }[],
  labels: ReadonlyMap<string, string>,
) {
  return comments.map((c) => ({
    ...c,
    excerpt: c.text.length > 300 ? `${c.text.slice(0, 300)}…` : c.text,
    theme: labels.get(c.themeId) ?? c.themeId,
    uncertainty: Math.round(c.uncertainty * 100),
  }))
}

/** A candidate form sent back with mistakes: which candidate, and what was wrong. */
export interface CandidateForm {
  errors?: FieldErrors
  values?: Record<string, string>
  index?: number
}

/** Discovery's candidate themes, each with its own form; a form sent back keeps its errors. */
export function presentDiscovery(
  latest: { id: string; finished_at: Date | null } | undefined,
  result: DiscoveryResult | undefined,
  form: CandidateForm,
) {
  return {
    latest: latest && result && { id: latest.id, finishedAt: latest.finished_at, ...result },
    chosenBy: result?.choice?.chosenBy,
    choiceRange: result?.choice?.scores.length
      ? `${result.choice.scores[0]?.themes} to ${result.choice.scores.at(-1)?.themes}`
      : undefined,
    candidates: (result?.candidates ?? []).map((c, index) => ({
      ...c,
      index,
      percent: Math.round(c.share * 1000) / 10,
      label: c.label ?? c.terms.slice(0, 3).join(', '),
      errors: form.index === index ? form.errors : undefined,
      values: form.index === index ? form.values : undefined,
    })),
    // Each candidate has its own form, so the summary links to that form's fields.
    errorList: form.errors
      ? errorList(form.errors).map((e) => ({ ...e, href: `${e.href}-${form.index}` }))
      : undefined,
  }
}
