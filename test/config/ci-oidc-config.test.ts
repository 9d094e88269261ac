import { loadConfig } from '../../src/config/config';

test('CI identity tokens are on with CI_OIDC_AUDIENCE, with the GitHub and GitLab issuers defaulted or set', () => {
  expect(loadConfig({}).ciOidc).toBeUndefined();
  expect(loadConfig({ CI_OIDC_AUDIENCE: 'https://microapp.example.com' }).ciOidc).toEqual({
    audience: 'https://microapp.example.com',
    githubIssuer: 'https://token.actions.githubusercontent.com',
    gitlabIssuer: 'https://gitlab.com',
  });
  expect(
    loadConfig({
      CI_OIDC_AUDIENCE: 'microapp',
      GITLAB_OIDC_ISSUER: 'https://gitlab.example.com/',
      GITHUB_OIDC_ISSUER: 'http://127.0.0.1:8080',
    }).ciOidc,
  ).toMatchObject({ githubIssuer: 'http://127.0.0.1:8080', gitlabIssuer: 'https://gitlab.example.com' });
});

test('a bad audience, a plain-http issuer, or an issuer without the audience is named with the fix', () => {
  expect(() => loadConfig({ CI_OIDC_AUDIENCE: 'two words', GITLAB_OIDC_ISSUER: 'http://gitlab.example.com' })).toThrow(
    expect.objectContaining({
      details: {
        problems: [
          expect.stringMatching(/^CI_OIDC_AUDIENCE must be the audience CI jobs request .* without spaces/),
          expect.stringMatching(/^GITLAB_OIDC_ISSUER must be an https URL .* http is accepted only for 127\.0\.0\.1/),
        ],
      },
    }),
  );
  expect(() => loadConfig({ GITHUB_OIDC_ISSUER: 'https://github.example.com/_services/token' })).toThrow(
    expect.objectContaining({
      details: { problems: [expect.stringMatching(/^GITHUB_OIDC_ISSUER only counts with CI_OIDC_AUDIENCE/)] },
    }),
  );
});
