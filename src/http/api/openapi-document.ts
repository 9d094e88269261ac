import { GATE_CODES } from '../../app/gate/check-gate';
import { MAX_PAGE } from '../../app/queries/list-apps';
import { API_SCOPES } from '../../domain/api-token';
import { APP_STATUSES } from '../../domain/app-record';
import { MANIFEST_FIELDS } from '../../domain/manifest-fields';

const json = (schema: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } });
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const errors = {
  '401': problem('No credentials, or a token that is wrong, revoked, expired, replayed or for another audience.'),
  '403': problem("The token's scopes do not allow this call."),
  '429': problem('Too many requests; wait for Retry-After seconds.'),
};
const appId = {
  name: 'id',
  in: 'path',
  required: true,
  description: "The app's id, its name (URL-encoded) or the start of its id.",
  schema: { type: 'string' },
};

/** The REST API as OpenAPI 3.1, served at `GET /api/v1/openapi.json`; a test checks every route against it. */
export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'microapp-bot API',
    version: '1.0.0',
    description:
      'The micro app registry for other tools: read apps, register one, ask the gate whether a build may ship. Errors are RFC 9457 problem details.',
  },
  servers: [{ url: '/api/v1' }],
  security: [{ bearer: [] }],
  paths: {
    '/openapi.json': {
      get: {
        operationId: 'openapi',
        summary: 'This document.',
        security: [],
        responses: { '200': { description: 'The OpenAPI document.', content: { 'application/json': {} } } },
      },
    },
    '/apps': {
      get: {
        operationId: 'listApps',
        summary: 'Apps by name, a page at a time (scope read).',
        parameters: [
          { name: 'status', in: 'query', schema: { type: 'string', enum: [...APP_STATUSES] } },
          {
            name: 'owner',
            in: 'query',
            description: 'An email, a user ref or a name.',
            schema: { type: 'string', maxLength: 254 },
          },
          { name: 'search', in: 'query', description: 'Part of the name.', schema: { type: 'string', maxLength: 200 } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 50 } },
          { name: 'next', in: 'query', description: "The previous page's next.", schema: { type: 'string' } },
        ],
        responses: {
          '200': { description: 'One page.', content: json('AppPage') },
          '400': problem('A query parameter is not valid.'),
          ...errors,
        },
      },
      post: {
        operationId: 'registerApp',
        summary: 'Register an app from its manifest, or record a change to it (scope register).',
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            description: 'The same key on every retry of one registration: a retry gets the first answer again.',
            schema: { type: 'string', maxLength: 200 },
          },
        ],
        requestBody: { required: true, content: json('Manifest') },
        responses: {
          '201': { description: 'Registered (or changed).', content: json('Registration') },
          '400': problem('The body or the Idempotency-Key is not valid.'),
          '409': problem('The first request with this Idempotency-Key is still being answered, or the name is taken.'),
          '413': problem('The body is larger than 256 KB.'),
          '415': problem('The body is not JSON.'),
          '422': problem('The manifest is not valid (errors[] per field), or the registration was refused.'),
          ...errors,
        },
      },
    },
    '/apps/{id}': {
      get: {
        operationId: 'getApp',
        summary: 'One app as microapp show --json gives it (scope read).',
        parameters: [appId],
        responses: {
          '200': { description: 'The app.', content: json('App') },
          '404': problem('No such app.'),
          ...errors,
        },
      },
    },
    '/apps/{id}/audit': {
      get: {
        operationId: 'getAppAudit',
        summary: "The app's audit events, oldest first, 200 a page (scope read).",
        parameters: [
          appId,
          { name: 'after', in: 'query', description: "The previous page's next.", schema: { type: 'string' } },
        ],
        responses: {
          '200': { description: 'One page.', content: json('AuditPage') },
          '400': problem('after is not valid.'),
          '404': problem('No such app.'),
          ...errors,
        },
      },
    },
    '/gate': {
      post: {
        operationId: 'gate',
        summary: 'May this build ship? (scope gate; CI identity tokens too)',
        requestBody: { required: true, content: json('GateRequest') },
        responses: {
          '200': { description: 'The gate’s answer: pass or fail with findings.', content: json('GateResult') },
          '400': problem('The body does not name the manifest, or is not JSON.'),
          '413': problem('The body is larger than 10 MB.'),
          '415': problem('The body is not JSON.'),
          ...errors,
        },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        description: `An API token (microapp api-token issue; scopes ${API_SCOPES.join(', ')}) or a GitHub Actions / GitLab CI OIDC identity token (gate only, for the app that declares the job's repository).`,
      },
    },
    schemas: {
      Problem: {
        type: 'object',
        required: ['type', 'title', 'status', 'detail'],
        properties: {
          type: { type: 'string', format: 'uri' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['field', 'path', 'message'],
              properties: { field: { type: 'string' }, path: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
      Manifest: {
        type: 'object',
        description: 'A microapp.yaml as JSON.',
        required: MANIFEST_FIELDS.filter((f) => f.required).map((f) => f.key),
        properties: Object.fromEntries(MANIFEST_FIELDS.map((f) => [f.key, { description: `${f.label}. ${f.hint}` }])),
        additionalProperties: false,
      },
      App: {
        type: 'object',
        required: ['id', 'name', 'status', 'tier', 'owner', 'revision', 'manifest', 'assessment'],
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          status: { type: 'string', enum: [...APP_STATUSES] },
          tier: { type: 'integer', minimum: 1, maximum: 3 },
          owner: { type: 'string' },
          expiresAt: { type: ['string', 'null'] },
          revision: { type: 'integer' },
          manifest: { $ref: '#/components/schemas/Manifest' },
          assessment: { type: 'object' },
          review: { type: ['object', 'null'] },
          value: { type: ['object', 'null'] },
        },
      },
      AppSummary: {
        type: 'object',
        required: ['id', 'name', 'status', 'tier', 'owner'],
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          status: { type: 'string', enum: [...APP_STATUSES] },
          tier: { type: 'integer' },
          owner: { type: 'string' },
          expiresAt: { type: 'string' },
        },
      },
      AppPage: {
        type: 'object',
        required: ['apps', 'next'],
        properties: {
          apps: { type: 'array', items: { $ref: '#/components/schemas/AppSummary' } },
          next: { type: ['string', 'null'] },
        },
      },
      Registration: {
        type: 'object',
        required: ['id', 'name', 'status', 'tier', 'revision'],
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          status: { type: 'string', enum: [...APP_STATUSES] },
          tier: { type: 'integer' },
          expiresAt: { type: ['string', 'null'] },
          revision: { type: 'integer' },
          changes: { type: 'array', items: { type: 'string' } },
        },
      },
      AuditPage: {
        type: 'object',
        required: ['app', 'events', 'next'],
        properties: {
          app: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
          events: { type: 'array', items: { type: 'object' } },
          next: { type: ['string', 'null'] },
        },
      },
      GateRequest: {
        type: 'object',
        required: ['manifest'],
        properties: {
          manifest: {
            description: 'The manifest as JSON, or the text of microapp.yaml (YAML or JSON).',
            oneOf: [{ $ref: '#/components/schemas/Manifest' }, { type: 'string' }],
          },
          sbom: {
            description: 'CycloneDX 1.4–1.6 or SPDX 2.x JSON (an object, or its text).',
            type: ['object', 'string', 'null'],
          },
        },
      },
      GateResult: {
        type: 'object',
        required: ['result', 'app', 'findings'],
        properties: {
          result: { type: 'string', enum: ['pass', 'fail'] },
          app: {
            type: ['object', 'null'],
            properties: {
              id: { type: 'string' },
              name: { type: 'string' },
              status: { type: 'string' },
              tier: { type: 'integer' },
              expiresAt: { type: ['string', 'null'] },
            },
          },
          findings: {
            type: 'array',
            items: {
              type: 'object',
              required: ['code', 'message', 'fix'],
              properties: {
                code: { type: 'string', enum: [...GATE_CODES] },
                message: { type: 'string' },
                fix: { type: 'string' },
              },
            },
          },
          unrecorded: {
            type: 'object',
            properties: { differences: { type: 'array', items: { type: 'string' } }, record: { type: 'string' } },
          },
        },
      },
    },
  },
} as const;
