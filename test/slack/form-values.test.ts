import { readSlackFormValues } from '../../adapters/slack/form-values';

/** `view.state.values` as Slack sends it on submission, empty inputs included. */
const state = {
  name: { name: { type: 'plain_text_input', value: 'Expense tracker' } },
  builtWith: { builtWith: { type: 'plain_text_input', value: null } },
  expectedUsers: { expectedUsers: { type: 'number_input', value: '12' } },
  retentionDays: { retentionDays: { type: 'number_input', value: null } },
  audience: {
    audience: {
      type: 'radio_buttons',
      selected_option: { text: { type: 'plain_text', text: 'My team' }, value: 'team' },
    },
  },
  otherAccess: { otherAccess: { type: 'radio_buttons', selected_option: null } },
  dataClassification: { dataClassification: { type: 'static_select', selected_option: { value: 'internal' } } },
  data: { data: { type: 'checkboxes', selected_options: [{ value: 'customer' }, { value: 'financial' }] } },
  activities: { activities: { type: 'checkboxes', selected_options: [] } },
  systems: {
    systems: { type: 'multi_static_select', selected_options: [{ value: 'salesforce' }, { value: 'other' }] },
  },
  backupOwner: { backupOwner: { type: 'users_select', selected_user: 'U0BACKUP' } },
  owner: { owner: { type: 'users_select', selected_user: null } },
  aiOutputsExternal: { aiOutputsExternal: { type: 'checkboxes', selected_options: [{ value: 'true' }] } },
  humanReviewOfOutputs: { humanReviewOfOutputs: { type: 'checkboxes', selected_options: [] } },
};

test('every input Slack sends is read into neutral values: nulls become undefined and single ticks booleans', () => {
  expect(readSlackFormValues(state)).toEqual({
    name: 'Expense tracker',
    builtWith: undefined,
    expectedUsers: '12',
    retentionDays: undefined,
    audience: 'team',
    otherAccess: undefined,
    dataClassification: 'internal',
    data: ['customer', 'financial'],
    activities: [],
    systems: ['salesforce', 'other'],
    backupOwner: 'slack:U0BACKUP',
    owner: undefined,
    aiOutputsExternal: true,
    humanReviewOfOutputs: false,
  });
});
