import type { GraphConfig, PowerPlatformConfig } from '../../src/config/config';
import type { GraphClient, GraphClientOptions } from './graph-client';
import { createGraphClient } from './graph-client';

/**
 * A client for the Power Platform API, signed in as the admin whose refresh token is in
 * POWER_PLATFORM_REFRESH_TOKEN, through the Graph app registration (same tenant, client id and
 * secret, same MICROSOFT_LOGIN_URL). Tokens are asked for `{POWER_PLATFORM_API_URL origin}/.default`.
 */
export function createPowerPlatformClient(
  graph: GraphConfig,
  powerPlatform: PowerPlatformConfig,
  options: Omit<GraphClientOptions, 'service' | 'apiSetting' | 'delegated'> = {},
): GraphClient {
  return createGraphClient(
    { ...graph, apiUrl: powerPlatform.apiUrl },
    {
      ...options,
      service: 'the Power Platform API',
      apiSetting: 'POWER_PLATFORM_API_URL',
      delegated: {
        refreshToken: powerPlatform.refreshToken,
        setting: 'POWER_PLATFORM_REFRESH_TOKEN',
        fix: 'The sign-in has expired or was revoked. Sign in again as a Power Platform admin (see docs/discovery-sources.md) and replace POWER_PLATFORM_REFRESH_TOKEN with the new refresh token.',
      },
    },
  );
}
