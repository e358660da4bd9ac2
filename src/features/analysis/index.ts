export { slotsOf } from '../../platform/db/closed-answer-codes.js'
export { findPlan } from '../../platform/db/closed-answer-plans.js'
export { autoCodingRoutes } from './coding/auto-coding-routes.js'
export { createAutoCodingService } from './coding/auto-coding-service.js'
export { codingJobs } from './coding/jobs.js'
export { itemF1, scoreCoding } from './coding/metrics.js'
export { redact } from './coding/redaction.js'
export type { CommentFilters } from './coding/repository.js'
export { codingRoutes } from './coding/routes.js'
export type { CodingService } from './coding/service.js'
export { createCodingService } from './coding/service.js'
export { buildCrosstab, type Crosstab } from './results/crosstab.js'
export { countingLanes, inLanes } from './results/in-lanes.js'
export { defaultInclusion } from './results/inclusion.js'
export { type Counted, closedAnswerCounts } from './results/repository.js'
export { analysisRoutes } from './results/routes.js'
export type { AnalysisService } from './results/service.js'
export { createAnalysisService } from './results/service.js'
export {
  baselineOptions,
  type CodedExample,
  type ModelOptions,
  modelOptions,
  suggestThemes,
  trainCodingModel,
} from './text-models/multilabel-model.js'
