// What a single-page app on its own origin does with the shipped SDK: sign in, then GET, POST,
// PATCH and DELETE across origins (each a CORS preflight), reading the headers the API exposes.
import { createLogicCampClient } from '/sdk/index';

async function run({ baseUrl, email, password }) {
  const steps = [];
  const record = (name, result) => {
    steps.push({ name, status: result.response.status, requestId: result.response.headers.get('x-request-id') });
    return result.data;
  };
  const client = createLogicCampClient({ baseUrl });
  record('login', await client.login({ email, password }));
  const me = record('GET /auth/me', await client.GET('/auth/me'));
  const lead = record('POST /leads', await client.POST('/leads', { body: { first_name: 'Browser', company_name: 'SPA Inc' } }));
  const moved = record('PATCH /leads/{id}', await client.PATCH('/leads/{id}', { params: { path: { id: lead.id } }, body: { status: 'contacted' } }));
  const read = record('GET /leads/{id}', await client.GET('/leads/{id}', { params: { path: { id: lead.id } } }));
  record('DELETE /leads/{id}', await client.DELETE('/leads/{id}', { params: { path: { id: lead.id } } }));
  record('GET /leads/{id} after delete', await client.GET('/leads/{id}', { params: { path: { id: lead.id } } }));
  record('logout', await client.logout());
  return { origin: location.origin, email: me.email, leadId: lead.id, movedTo: moved.status, readStatus: read.status, signedOut: client.tokens() === null, steps };
}

window.runSpa = async (input) => {
  const result = await run(input);
  document.getElementById('result').textContent = JSON.stringify(result);
  return result;
};
document.getElementById('result').textContent = 'ready';
