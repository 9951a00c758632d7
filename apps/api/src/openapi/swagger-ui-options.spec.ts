import { authorizeFromTokenResponse, SWAGGER_UI_OPTIONS } from './swagger-ui-options';

describe('Swagger UI sign-in (responseInterceptor)', () => {
  const ui = { preauthorizeApiKey: jest.fn(), authActions: { persistAuthorizationIfNeeded: jest.fn(), logoutWithPersistOption: jest.fn() } };
  const global = globalThis as { ui?: unknown };

  beforeEach(() => {
    ui.preauthorizeApiKey.mockClear();
    ui.authActions.persistAuthorizationIfNeeded.mockClear();
    ui.authActions.logoutWithPersistOption.mockClear();
    global.ui = ui;
  });
  afterAll(() => delete global.ui);

  it('a 200 from POST /auth/login or /auth/refresh authorizes the bearer scheme with its access token', () => {
    const login = { url: 'http://127.0.0.1:3000/auth/login', status: 200, body: { access_token: 'a.b.c', refresh_token: 'r' } };
    expect(authorizeFromTokenResponse(login)).toBe(login);
    authorizeFromTokenResponse({ url: '/auth/refresh?x=1', status: 200, body: { access_token: 'd.e.f' } });
    expect(ui.preauthorizeApiKey.mock.calls).toEqual([
      ['bearer', 'a.b.c'],
      ['bearer', 'd.e.f'],
    ]);
    // Written to localStorage each time, so a reload keeps the sign-in (persistAuthorization).
    expect(ui.authActions.persistAuthorizationIfNeeded).toHaveBeenCalledTimes(2);
  });

  it('a failed sign-in, another route or a body without a token leaves the authorization alone; sign-out clears it', () => {
    authorizeFromTokenResponse({ url: '/auth/login', status: 401, body: { statusCode: 401 } });
    authorizeFromTokenResponse({ url: '/auth/me', status: 200, body: { access_token: 'x' } });
    authorizeFromTokenResponse({ url: '/auth/login', status: 200, body: 'not json' });
    expect(ui.preauthorizeApiKey).not.toHaveBeenCalled();
    authorizeFromTokenResponse({ url: '/auth/logout', status: 204 });
    expect(ui.authActions.logoutWithPersistOption).toHaveBeenCalledWith(['bearer']);
  });

  it('is self-contained: the serialized source Swagger UI runs in the browser works on its own', () => {
    const interceptor = SWAGGER_UI_OPTIONS.swaggerOptions?.responseInterceptor as (r: unknown) => unknown;
    const revived = new Function(`return (${interceptor.toString()})`)() as typeof authorizeFromTokenResponse;
    revived({ url: '/auth/login', status: 200, body: { access_token: 'g.h.i' } });
    expect(ui.preauthorizeApiKey).toHaveBeenCalledWith('bearer', 'g.h.i');
    expect(SWAGGER_UI_OPTIONS.swaggerOptions).toMatchObject({ persistAuthorization: true });
  });
});
