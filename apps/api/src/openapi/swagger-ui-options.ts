import type { SwaggerCustomOptions } from '@nestjs/swagger';

/** What Swagger UI passes the response interceptor (the parts read here). */
export interface SwaggerUiResponse {
  url: string;
  status: number;
  body?: unknown;
}

/**
 * Runs in the browser (Swagger UI serializes it with `toString()` into swagger-ui-init.js), so it
 * may use nothing from this module. A 200 from sign-in or refresh authorizes the UI's `bearer`
 * scheme with the returned access token (persisted like a hand-entered one); a sign-out clears it.
 */
export function authorizeFromTokenResponse(response: SwaggerUiResponse): SwaggerUiResponse {
  const ui = (globalThis as { ui?: { preauthorizeApiKey(name: string, value: string): void; authActions: { persistAuthorizationIfNeeded(): void; logoutWithPersistOption(names: string[]): void } } }).ui;
  const path = String(response.url).replace(/[?#].*$/, '');
  if (ui && response.status === 200 && /\/auth\/(login|refresh)$/.test(path)) {
    const token = (response.body as { access_token?: unknown } | undefined)?.access_token;
    if (typeof token === 'string') {
      ui.preauthorizeApiKey('bearer', token);
      // preauthorizeApiKey does not write localStorage (only the Authorize dialog's action does): without this a reload signed out.
      ui.authActions.persistAuthorizationIfNeeded();
    }
  } else if (ui && response.status === 204 && /\/auth\/logout$/.test(path)) {
    ui.authActions.logoutWithPersistOption(['bearer']);
  }
  return response;
}

/** Swagger UI at /docs for staff. */
export const SWAGGER_UI_OPTIONS: SwaggerCustomOptions = {
  jsonDocumentUrl: 'docs-json',
  yamlDocumentUrl: 'docs-yaml',
  // Staff keep their token across reloads (localStorage), sign in through POST /auth/login without
  // copying the token, can filter operations, and see timings.
  swaggerOptions: {
    persistAuthorization: true,
    responseInterceptor: authorizeFromTokenResponse,
    filter: true,
    displayRequestDuration: true,
    tagsSorter: 'alpha',
  },
};
