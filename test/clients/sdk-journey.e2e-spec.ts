import { createLogicCampClient, LogicCampClient, toFormData } from '@logic-camp/sdk';
import { LiveServer } from '../support/live-server';
import { ADMIN } from '../support/admin';
import { ContractRecorder } from './support/contract-recorder';
import { expiredCopyOf, JOURNEY_ACCESS_SECRET } from './support/expired-token';

/**
 * A front-end developer's day, through the shipped SDK only, over a real listening server: every
 * response is checked against the operation the OpenAPI document declares (ContractRecorder).
 * This file compiles under `tsc --strict` with no type assertions (test/clients/journey-typing.e2e-spec.ts).
 */

/** The data of a successful call, or a failure naming the status and the server's error body. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) throw new Error(`${result.response.status} ${result.response.url}: ${JSON.stringify(result.error)}`);
  return result.data;
}

describe('SDK journey (libs/sdk over a live server, every response validated against the document)', () => {
  let server: LiveServer;
  let recorder: ContractRecorder;
  let refreshCalls = 0;
  const started = Date.now();

  const client = (): LogicCampClient => {
    const sdk = createLogicCampClient({
      baseUrl: server.baseUrl,
      fetch: (request) => {
        if (new URL(request.url).pathname === '/auth/refresh') refreshCalls += 1;
        return fetch(request);
      },
    });
    sdk.use(recorder.middleware);
    return sdk;
  };

  beforeAll(async () => {
    server = await LiveServer.start({ JWT_ACCESS_SECRET: JOURNEY_ACCESS_SECRET });
    recorder = await ContractRecorder.fromServer(server.baseUrl);
  }, 300_000);

  afterAll(async () => {
    console.log(`SDK journey: ${recorder?.summary()} in ${Date.now() - started} ms`);
    await server?.stop();
  });

  it('sign-in to sign-out: leads to a project, delivery, files, messages, billing, reports', async () => {
    const admin = client();
    const signedIn = ok(await admin.login({ email: ADMIN.email, password: ADMIN.password }));
    // This admin has no two-factor sign-in, so the answer is the token pair, not a challenge.
    if (!('access_token' in signedIn)) throw new Error('expected a token pair, got a two-factor challenge');
    expect(signedIn.user.email).toBe(ADMIN.email);
    expect(ok(await admin.GET('/auth/me')).role).toBe('admin');

    // Staff the journey needs: a sales agent for the lead, a tech for the tasks.
    const stamp = Date.now().toString(36);
    const password = 'Journey-Passw0rd!';
    const agent = ok(await admin.POST('/users', { body: { first_name: 'Sam', last_name: 'Seller', email: `sam.${stamp}@logic.camp`, password, role: 'sales' } }));
    const tech = ok(await admin.POST('/users', { body: { first_name: 'Tia', last_name: 'Tech', email: `tia.${stamp}@logic.camp`, password, role: 'tech' } }));

    // A lead through the pipeline, converted with its first project.
    const lead = ok(await admin.POST('/leads', { body: { first_name: 'Grace', last_name: 'Hopper', company_name: `Cobol ${stamp}`, email: `grace.${stamp}@example.com`, agent_id: agent.id, estimated_value: 12000 } }));
    expect(lead.status).toBe('new');
    const agentsLeads = ok(await admin.GET('/leads', { params: { query: { agent_id: agent.id } } }));
    expect(agentsLeads.data.map((row) => row.id)).toEqual([lead.id]);
    for (const status of ['contacted', 'qualified', 'proposal', 'negotiation'] satisfies (typeof lead.status)[]) {
      const moved = ok(await admin.PATCH('/leads/{id}', { params: { path: { id: lead.id } }, body: { status } }));
      expect(moved.status).toBe(status);
    }
    const conversion = ok(
      await admin.POST('/leads/{id}/convert', {
        params: { path: { id: lead.id } },
        body: { project: { name: `Website for Cobol ${stamp}`, team_member_ids: [tech.id], budget: 10000, currency: 'USD', billing_type: 'fixed' } },
      }),
    );
    expect(conversion.already_converted).toBe(false);
    expect(conversion.lead.status).toBe('won');
    const firstProject = conversion.project;
    if (firstProject === null) throw new Error('the conversion created no project');
    const projectId = firstProject.id;
    const customerId = conversion.customer.id;
    expect(ok(await admin.GET('/customers/{id}', { params: { path: { id: customerId } } })).name).toContain('Grace');
    const customers = ok(await admin.GET('/customers', { params: { query: { search: 'Grace' } } }));
    expect(customers.data.map((row) => row.id)).toContain(customerId);

    // Team, goal, task.
    const staffed = ok(await admin.POST('/projects/{id}/team', { params: { path: { id: projectId } }, body: { user_id: agent.id } }));
    expect(staffed.team_member_ids).toEqual(expect.arrayContaining([agent.id, tech.id]));
    const goal = ok(await admin.POST('/projects/{projectId}/goals', { params: { path: { projectId } }, body: { title: 'Launch the site' } }));
    const task = ok(await admin.POST('/projects/{projectId}/tasks', { params: { path: { projectId } }, body: { title: 'Build the home page', goal_id: goal.id, tech_employee_id: tech.id, estimate_minutes: 240 } }));
    expect(task.goal_id).toBe(goal.id);
    expect(ok(await admin.GET('/projects/{id}', { params: { path: { id: projectId } } })).tasks_total).toBe(1);

    // The tech tracks time on it with a timer.
    const techClient = client();
    ok(await techClient.login({ email: tech.email, password }));
    const timer = ok(await techClient.POST('/tasks/{id}/timer/start', { params: { path: { id: task.id } }, body: { note: 'layout' } }));
    expect(timer.task_id).toBe(task.id);
    expect(ok(await techClient.GET('/tasks/timer')).timer).toMatchObject({ task_id: task.id, note: 'layout' });
    const tracked = ok(await techClient.POST('/tasks/{id}/timer/stop', { params: { path: { id: task.id } } }));
    expect(tracked.entry.note).toBe('layout');
    const done = ok(await techClient.PATCH('/tasks/{id}', { params: { path: { id: task.id } }, body: { status: 'done' } }));
    expect(done.status).toBe('done');
    expect(ok(await techClient.GET('/goals/{id}', { params: { path: { id: goal.id } } })).id).toBe(goal.id);

    // A file up and down: the same bytes come back.
    const brief = new File([`Project brief ${stamp}\n`], 'brief.txt', { type: 'text/plain' });
    const uploaded = ok(await admin.POST('/projects/{projectId}/files', { params: { path: { projectId } }, body: { file: brief }, bodySerializer: toFormData }));
    expect(uploaded.original_name).toBe('brief.txt');
    const listed = ok(await admin.GET('/projects/{projectId}/files', { params: { path: { projectId } } }));
    expect(listed.data.map((file) => file.id)).toContain(uploaded.id);
    const downloaded = ok(await admin.GET('/files/{id}/download', { params: { path: { id: uploaded.id } }, parseAs: 'text' }));
    expect(downloaded).toBe(`Project brief ${stamp}\n`);

    // A message that mentions the tech, who reads the notification.
    const message = ok(await admin.POST('/projects/{projectId}/messages', { params: { path: { projectId } }, body: { content: `Kick-off is Monday, @${tech.email} please join` } }));
    expect(message.mention_ids).toEqual([tech.id]);
    const conversation = ok(await techClient.GET('/projects/{projectId}/messages', { params: { path: { projectId } } }));
    expect(conversation.data.map((row) => row.id)).toContain(message.id);
    const unread = ok(await techClient.GET('/notifications', { params: { query: { is_read: false } } }));
    const mention = unread.data.find((notification) => notification.entity_id === message.id);
    if (mention === undefined) throw new Error(`no notification for message ${message.id}: ${JSON.stringify(unread.data)}`);
    expect(ok(await techClient.PATCH('/notifications/{id}/read', { params: { path: { id: mention.id } } })).is_read).toBe(true);
    ok(await techClient.POST('/notifications/read-all'));
    expect(ok(await techClient.GET('/notifications/unread-count')).count).toBe(0);

    // A card on file: listed masked, never the number.
    const card = ok(
      await admin.POST('/customers/{customerId}/charge-details', {
        params: { path: { customerId } },
        body: { card_holder: 'Grace Hopper', card_number: '4111 1111 1111 1111', cvv: '123', expiry_month: 12, expiry_year: new Date().getUTCFullYear() + 3 },
      }),
    );
    const cards = ok(await admin.GET('/customers/{customerId}/charge-details', { params: { path: { customerId } } }));
    expect(cards.data.map((row) => [row.id, row.masked_number, row.card_last4])).toEqual([[card.id, '**** **** **** 1111', '1111']]);
    expect(JSON.stringify(cards)).not.toContain('4111111111111111');
    expect(ok(await admin.GET('/charge-details/{id}', { params: { path: { id: card.id } } })).has_cvv).toBe(true);

    // An upsell, paid.
    const upsell = ok(await admin.POST('/projects/{projectId}/upsells', { params: { path: { projectId } }, body: { description: 'SEO audit', amount: 750 } }));
    const paid = ok(await admin.PATCH('/upsells/{id}', { params: { path: { id: upsell.id } }, body: { payment_status: 'paid' } }));
    expect(paid.payment_status).toBe('paid');
    expect(paid.paid_at).not.toBeNull();

    // Reports see all of it.
    const pipeline = ok(await admin.GET('/reports/sales-pipeline'));
    expect(JSON.stringify(pipeline)).toContain('won');
    const revenue = ok(await admin.GET('/reports/revenue-by-month', { params: { query: { currency: 'USD' } } }));
    expect(JSON.stringify(revenue)).toContain('750');
    ok(await admin.GET('/reports/upsell-revenue'));
    ok(await admin.GET('/reports/time-tracked'));
    expect(ok(await admin.GET('/reports/project-financials/{projectId}', { params: { path: { projectId } } }))).toMatchObject({ project_id: projectId });

    // Fifteen minutes later: five requests meet an expired access token; one refresh serves them all.
    const session = admin.tokens();
    if (session === null) throw new Error('signed out unexpectedly');
    admin.setTokens({ access_token: expiredCopyOf(session.access_token), refresh_token: session.refresh_token });
    const refreshesBefore = refreshCalls;
    const parallel = await Promise.all(Array.from({ length: 5 }, () => admin.GET('/leads/{id}', { params: { path: { id: lead.id } } })));
    expect(parallel.map((result) => result.response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(refreshCalls - refreshesBefore).toBe(1);
    const refreshed = admin.tokens();
    expect(refreshed?.refresh_token).not.toBe(session.refresh_token);

    // Sign-out ends the session on the server: the access token it held is refused at once.
    const endedWith = admin.tokens();
    const loggedOut = await admin.logout();
    expect(loggedOut?.response.status).toBe(204);
    expect(admin.tokens()).toBeNull();
    admin.setTokens(endedWith);
    expect((await admin.GET('/auth/me')).response.status).toBe(401);
    expect((await techClient.logout())?.response.status).toBe(204);

    const operations = recorder.operations();
    console.log(`SDK journey operations (${operations.length}):\n  ${operations.join('\n  ')}`);
    expect(operations.length).toBeGreaterThanOrEqual(40);
    expect(recorder.violations()).toEqual([]);
  }, 60_000);
});
