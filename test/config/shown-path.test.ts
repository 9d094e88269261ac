import { shownPath } from '../../src/config/shown-path';

test('a folder inside the working folder is shown relative, one outside it as given', () => {
  expect(shownPath('/srv/bot/policies', '/srv/bot')).toBe('policies');
  expect(shownPath('/srv/bot', '/srv/bot')).toBe('.');
  expect(shownPath('/etc/microapp/policies', '/srv/bot')).toBe('/etc/microapp/policies');
  expect(shownPath('/srv/bot-policies', '/srv/bot')).toBe('/srv/bot-policies');
});
