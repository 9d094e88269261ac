/**
 * The limits this renderer keeps to. Teams documents only the message size and the number of
 * actions; the text caps are ours, chosen so that one long text cannot crowd out the rest of the
 * card before the size check has to cut it.
 */
export const LIMITS = {
  /**
   * A card travels in a message whose size Teams counts in UTF-16. The smallest limit Teams
   * documents is 28 KB (Incoming Webhooks: "Format cards in Microsoft Teams",
   * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format,
   * and the Teams connector's "about 28 KB", https://learn.microsoft.com/connectors/teams/); bot
   * messages allow 40 KB there and about 100 KB (80 KB recommended) in "Format your bot messages",
   * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages.
   * Keeping to 28 KB fits all of them.
   */
  messageBytes: 28 * 1024,
  /**
   * A dialog's card comes back in an invoke response, not a message; Teams documents no size for
   * it. It is held to the size "Format your bot messages" recommends for anything a bot sends
   * (80 KB), so that a form never loses a question or an answer to the message limit.
   */
  dialogBytes: 80 * 1024,
  /** Room left in the message for the activity around the card (ids, service URL, conversation). */
  envelopeBytes: 2 * 1024,
  /**
   * "A maximum of six [primary actions] are allowed" ("Designing Adaptive Cards for your Microsoft
   * Teams app", https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/design-effective-cards).
   */
  actions: 6,
  /**
   * Button text stays on one line and "is truncated if the text exceeds the button width" ("Types
   * of cards", https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-reference).
   */
  buttonTitle: 75,
  /**
   * Teams refreshes a card automatically for at most 60 people listed in `refresh.userIds` ("User
   * Specific Views", https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/user-specific-views).
   * When more may decide, the first 60 with a Teams id in the order `core.decidersOf` gives are
   * listed (the needed roles in turns, each role's members in roles.yaml order); the others still
   * get their buttons by refreshing the card from its menu, and their click is checked on the server.
   */
  refreshUsers: 60,
  title: 150,
  header: 150,
  text: 3000,
  item: 500,
  items: 50,
  fields: 30,
  fieldLabel: 200,
  fieldValue: 2000,
  label: 200,
  placeholder: 150,
  choiceTitle: 150,
  choices: 100,
  /** Choice descriptions longer than this are left out rather than crowd the choice. */
  choiceDescription: 60,
  /** Lists this long or shorter show every choice (radio buttons, checkboxes); longer ones a menu. */
  expandedChoices: 10,
  /** The problem is shown in full under the input; the input's own error message is a short copy. */
  errorMessage: 150,
  /** A text the size check never cuts below. */
  shortestCut: 40,
} as const;
