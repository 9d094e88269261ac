import type { Choice } from './registration-answers';

/** The first step's questions in the words people read, shared by the chat form and `microapp init`. */
export const QUESTION_WORDS = {
  name: 'What is it called?',
  purpose: 'What does it do?',
  audience: 'Who uses it?',
  expectedUsers: 'About how many people use it?',
  data: 'What data does it touch?',
  systems: 'Which systems does it connect to?',
  activities: 'Does it do any of these?',
  builtWith: 'What did you build it with?',
} as const;

/** "Who uses it?": the audiences in plain words. */
export const AUDIENCE_CHOICES: readonly Choice[] = [
  { value: 'personal', label: 'Just me', description: 'Only you use it' },
  { value: 'team', label: 'My team', description: 'Colleagues in your team rely on it' },
  { value: 'organization', label: 'The whole organisation', description: 'Anyone in the organisation can use it' },
  { value: 'external', label: 'People outside', description: 'Customers, partners or the public use it' },
];
