// A real OpenID Provider (oidc-provider 9) for the single sign-on e2e tests, run as a child process
// (it is ESM-only). One confidential client, the accounts given in OIDC_TEST_ACCOUNTS, and a scripted
// interaction instead of a login page: GET /interaction/:uid/login?account=<id> signs that account in
// and grants the requested scopes, so a test drives the whole flow with fetch and a cookie jar.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const { OIDC_TEST_PORT, OIDC_TEST_CLIENT_ID, OIDC_TEST_CLIENT_SECRET, OIDC_TEST_REDIRECT_URI, OIDC_TEST_ACCOUNTS } = process.env;
const issuer = `http://127.0.0.1:${OIDC_TEST_PORT}`;
/** id → { email, email_verified, given_name, family_name, groups, amr } */
const accounts = JSON.parse(OIDC_TEST_ACCOUNTS ?? '{}');

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: OIDC_TEST_CLIENT_ID,
      client_secret: OIDC_TEST_CLIENT_SECRET,
      redirect_uris: [OIDC_TEST_REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  async findAccount(_ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    const { amr: _amr, ...claims } = account;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
  // amr with openid: oidc-provider masks ID token claims by scope, and providers such as Keycloak or Entra ID send amr by default.
  claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name', 'name'], groups: ['groups'] },
  scopes: ['openid', 'email', 'profile', 'groups'],
  // PKCE on every authorization request (S256 is the only method oidc-provider accepts).
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['oidc-test-provider-cookie-key'] },
  ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
});
provider.on('server_error', (_ctx, error) => process.stderr.write(`oidc-provider server_error: ${error.stack}\n`));

const callback = provider.callback();
const server = createServer(async (req, res) => {
  const url = new URL(req.url, issuer);
  const login = /^\/interaction\/([^/]+)\/login$/.exec(url.pathname);
  const prompt = /^\/interaction\/([^/]+)$/.exec(url.pathname);
  try {
    if (prompt) {
      const details = await provider.interactionDetails(req, res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ uid: details.uid, prompt: details.prompt.name }));
      return;
    }
    if (login) {
      const details = await provider.interactionDetails(req, res);
      const accountId = url.searchParams.get('account');
      if (!accounts[accountId]) {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(`unknown test account ${accountId}`);
        return;
      }
      const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope);
      const grantId = await grant.save();
      const amr = accounts[accountId].amr ?? ['pwd'];
      await provider.interactionFinished(req, res, { login: { accountId, amr }, consent: { grantId } }, { mergeWithLastSubmission: false });
      return;
    }
    callback(req, res);
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(error));
  }
});
server.listen(Number(OIDC_TEST_PORT), '127.0.0.1', () => process.stdout.write(`oidc test provider ready on ${issuer}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
