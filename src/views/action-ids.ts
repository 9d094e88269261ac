/** Action ids shared by both renderers; they round-trip through Slack and Teams unchanged. */
export const ACTIONS = {
  openRegistration: 'microapp.register.open',
  submitRegistration: 'microapp.register.submit',
  approve: 'microapp.review.approve',
  deny: 'microapp.review.deny',
  submitDenial: 'microapp.review.deny.submit',
  showDetails: 'microapp.app.details',
  submitUpdate: 'microapp.update.submit',
} as const;

export type ActionId = (typeof ACTIONS)[keyof typeof ACTIONS];
