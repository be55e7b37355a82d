export { type ActionItemContext, createActionItem, updateActionItem } from './action-items.ts';
export { type BudgetImpact, budgetImpact, windowStartAt } from './budget-impact.ts';
export { type BudgetFigures, budgetFigures, type MinuteBucket } from './budget-math.ts';
export {
  COMPLETION_TARGET_PERCENT,
  type CompletionFigures,
  type CompletionReport,
  completionFigures,
} from './completion-report.ts';
export type { PostmortemDocument, Why } from './document.ts';
export { createPostmortem, draftPostmortem, type PostmortemContext } from './draft-postmortem.ts';
export { type ActionItemFilter, listActionItems } from './list-action-items.ts';
export { loadCompletionReport } from './load-completion-report.ts';
export { postmortemMarkdown } from './markdown.ts';
export { notifyOverdueActionItems, type OverdueContext } from './notify-overdue.ts';
export {
  type ActionItemRow,
  type ActionItemStatus,
  actionItemPriorities,
  actionItemStatuses,
  type PostmortemRow,
  type PostmortemStatus,
  postmortemStatuses,
} from './postmortem-row.ts';
export { type PostmortemRequirement, postmortemRequirement } from './requirement.ts';
export {
  type ActionItemInput,
  type ActionItemPatch,
  actionItemInputSchema,
  actionItemPatchSchema,
  type PostmortemPatch,
  postmortemPatchSchema,
} from './schema.ts';
export { type PostmortemSearch, searchPostmortems } from './search-postmortems.ts';
export { actionItemsOf, loadPostmortem, postmortemOfIncident } from './store.ts';
export { updatePostmortem } from './update-postmortem.ts';
export { actionItemView, postmortemSummaryView, postmortemView } from './views.ts';
