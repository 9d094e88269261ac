/** Action ids shared by both renderers; they round-trip through Slack and Teams unchanged. */
export const ACTIONS = {
  openRegistration: 'microapp.register.open',
  submitRegistration: 'microapp.register.submit',
  approve: 'microapp.review.approve',
  deny: 'microapp.review.deny',
  submitDenial: 'microapp.review.deny.submit',
  showDetails: 'microapp.app.details',
  submitUpdate: 'microapp.update.submit',
  /** Opens the change form for an app (value: the app's name). */
  changeApp: 'microapp.app.change',
  /** Re-certifies the app a reminder is about (value: the reminder id). */
  recertify: 'microapp.reminder.recertify',
  /** Snoozes a reminder (value: `<reminder id>:<days>`). */
  snooze: 'microapp.reminder.snooze',
  /** Security takes an incident (value: the incident id). */
  acknowledgeIncident: 'microapp.incident.acknowledge',
  /** The owner records an incident's root-cause analysis (value: the incident id). */
  resolveIncident: 'microapp.incident.resolve',
  /** The backup owner (or an admin) takes over an app whose owner left (value: the app id). */
  claimApp: 'microapp.app.claim',
  /** The owner confirms data past its window (or test data) was purged (value: the reminder id). */
  confirmPurge: 'microapp.reminder.purged',
  /** The owner says the data was not purged, which goes to security (value: the reminder id). */
  reportNotPurged: 'microapp.reminder.not_purged',
  /** The owner says a quiet app is still in use (value: the reminder id). */
  stillInUse: 'microapp.reminder.in_use',
  /** Opens the decommission form for an app (value: the app's name). */
  retireApp: 'microapp.app.retire',
  /** Opens the registration form pre-filled from a discovered item (value: the item's ref). */
  registerDiscovered: 'microapp.discovery.register',
  /** The person asked says a discovered item is not theirs (value: the item's ref). */
  discoveredNotMine: 'microapp.discovery.not_mine',
  /** The person asked says a discovered item is no longer used (value: the item's ref). */
  discoveredRetired: 'microapp.discovery.retired',
} as const;

export type ActionId = (typeof ACTIONS)[keyof typeof ACTIONS];
