import { EventEmitter2 } from '@nestjs/event-emitter';
import { Schema, Types } from 'mongoose';
import { DomainEvent, NotifiableEvent } from '@app/common';
import { TestApp } from './support/test-app';

type User = Awaited<ReturnType<TestApp['createUser']>>;

const MINUTE = 60_000;
const ago = (minutes: number) => new Date(Date.now() - minutes * MINUTE);
const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * MINUTE).toISOString();

describe('Goals, tasks and time tracking (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let manager: User;
  let tech: User;
  let tech2: User;
  let outsider: User;
  let support: User;
  let projectId: string;
  let otherProjectId: string;
  const events: { name: string; payload: NotifiableEvent }[] = [];

  async function createProject(name: string, team: string[]): Promise<string> {
    if (!t.connection.modelNames().includes('Customer')) t.connection.model('Customer', new Schema({}, { strict: false, collection: 'customers' }));
    const { insertedId } = await t.connection.collection('customers').insertOne({ name: `${name} customer`, email: 'c@example.com', status: 'active', deleted_at: null });
    const response = await t.post('/projects', { name, customer_id: insertedId.toHexString(), user_id: manager.id, team_member_ids: team, status: 'active' }, admin);
    if (response.status !== 201) throw new Error(`create project: ${response.status} ${response.raw}`);
    return response.body.id;
  }

  async function createTask(body: Record<string, unknown> = {}, token = admin, project = projectId) {
    const response = await t.post(`/projects/${project}/tasks`, { title: 'Build the header', ...body }, token);
    if (response.status !== 201) throw new Error(`create task: ${response.status} ${response.raw}`);
    return response.body;
  }

  /** Moves the caller's running timer start into the past: the test controls elapsed time. */
  const backdateTimer = (userId: string, startedAt: Date) =>
    t.connection.collection('running_timers').updateOne({ _id: new Types.ObjectId(userId) }, { $set: { started_at: startedAt } });

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    manager = await t.createUser('manager');
    [tech, tech2, outsider, support] = [await t.createUser('tech'), await t.createUser('tech'), await t.createUser('tech'), await t.createUser('support')];
    projectId = await createProject('Shop', [tech.id, tech2.id, support.id]);
    otherProjectId = await createProject('Blog', []);
    const bus = t.app.get(EventEmitter2);
    for (const name of [DomainEvent.TaskAssigned, DomainEvent.GoalAssigned]) bus.on(name, (payload: NotifiableEvent) => events.push({ name, payload }));
  });
  afterAll(async () => {
    await t.stop();
  });

  describe('visibility', () => {
    it('a tech user not on the team gets 404 on the project, its goals and its tasks', async () => {
      const goal = await t.post(`/projects/${projectId}/goals`, { title: 'Go live' }, admin);
      const task = await createTask({ goal_id: goal.body.id });
      for (const url of [`/projects/${projectId}`, `/projects/${projectId}/goals`, `/goals/${goal.body.id}`, `/projects/${projectId}/tasks`, `/tasks/${task.id}`]) {
        expect({ url, status: (await t.get(url, outsider.token)).status }).toEqual({ url, status: 404 });
        expect({ url, status: (await t.get(url, tech.token)).status }).toEqual({ url, status: 200 });
      }
      expect((await t.post(`/projects/${projectId}/tasks`, { title: 'sneaky' }, outsider.token)).status).toBe(404);
      expect((await t.post(`/tasks/${task.id}/timer/start`, {}, outsider.token)).status).toBe(404);
      expect((await t.get('/tasks?limit=100', outsider.token)).body.data).toEqual([]);
      expect((await t.get('/goals?limit=100', outsider.token)).body.data).toEqual([]);
    });
  });

  describe('goals', () => {
    it('the support employee must be an active support user; assignment notifies them', async () => {
      const wrongRole = await t.post(`/projects/${projectId}/goals`, { title: 'SEO', support_employee_id: tech.id }, admin);
      expect(wrongRole.status).toBe(400);
      expect(wrongRole.body.details).toEqual([{ field: 'support_employee_id', message: 'must reference an active support user' }]);
      const former = await t.createUser('support');
      await t.patch(`/users/${former.id}`, { is_active: false }, admin);
      expect((await t.post(`/projects/${projectId}/goals`, { title: 'SEO', support_employee_id: former.id }, admin)).body.details).toEqual([
        { field: 'support_employee_id', message: 'must reference an active support user' },
      ]);

      events.length = 0;
      const goal = await t.post(`/projects/${projectId}/goals`, { title: 'SEO', support_employee_id: support.id, due_date: inDays(14) }, manager.token);
      expect(goal.status).toBe(201);
      expect(goal.body).toMatchObject({ project_id: projectId, support_employee_id: support.id, status: 'open', file_ids: [] });
      expect(events).toEqual([
        {
          name: DomainEvent.GoalAssigned,
          payload: { recipient_ids: [support.id], actor_id: manager.id, entity_type: 'goal', entity_id: goal.body.id, data: { goal_title: 'SEO', project_name: 'Shop' } },
        },
      ]);
      const achieved = await t.patch(`/goals/${goal.body.id}`, { status: 'achieved' }, support.token);
      expect(achieved.body).toMatchObject({ status: 'achieved', achieved_at: expect.any(String) });
      expect((await t.patch(`/goals/${goal.body.id}`, { status: 'open' }, tech.token)).status).toBe(403);
      expect((await t.patch(`/goals/${goal.body.id}`, { due_date: '2020-01-01' }, admin)).status).toBe(400);
    });

    it('attached files must belong to the same project', async () => {
      const file = async (project: string) =>
        (await t.connection.collection('files').insertOne({ project_id: new Types.ObjectId(project), original_name: 'brief.pdf', storage_key: new Types.ObjectId().toHexString(), deleted_at: null })).insertedId.toHexString();
      const own = await file(projectId);
      const foreign = await file(otherProjectId);
      const ok = await t.post(`/projects/${projectId}/goals`, { title: 'Brief', file_ids: [own] }, admin);
      expect(ok.status).toBe(201);
      expect(ok.body.file_ids).toEqual([own]);
      const bad = await t.post(`/projects/${projectId}/goals`, { title: 'Brief', file_ids: [own, foreign] }, admin);
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([{ field: 'file_ids', message: `must reference files of this project (not found in it: ${foreign})` }]);
      expect((await t.post(`/projects/${projectId}/goals`, { title: 'Brief', file_ids: ['nope'] }, admin)).status).toBe(400);
    });
  });

  describe('tasks', () => {
    it('a goal from another project is refused with 400', async () => {
      const foreignGoal = await t.post(`/projects/${otherProjectId}/goals`, { title: 'Elsewhere' }, admin);
      const response = await t.post(`/projects/${projectId}/tasks`, { title: 'x', goal_id: foreignGoal.body.id }, admin);
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field: 'goal_id', message: 'must reference a goal of the same project' }]);
      const task = await createTask();
      expect((await t.patch(`/tasks/${task.id}`, { goal_id: foreignGoal.body.id }, admin)).status).toBe(400);
    });

    it('the assignee must be an active tech user; assignment notifies them and puts them on the team', async () => {
      expect((await t.post(`/projects/${projectId}/tasks`, { title: 'x', tech_employee_id: support.id }, admin)).body.details).toEqual([
        { field: 'tech_employee_id', message: 'must reference an active tech user' },
      ]);
      const former = await t.createUser('tech');
      await t.patch(`/users/${former.id}`, { is_active: false }, admin);
      expect((await t.post(`/projects/${projectId}/tasks`, { title: 'x', tech_employee_id: former.id }, admin)).status).toBe(400);
      events.length = 0;
      const newcomer = await t.createUser('tech');
      const task = await createTask({ tech_employee_id: newcomer.id }, manager.token);
      expect(events).toEqual([
        {
          name: DomainEvent.TaskAssigned,
          payload: { recipient_ids: [newcomer.id], actor_id: manager.id, entity_type: 'task', entity_id: task.id, data: { task_title: 'Build the header', project_name: 'Shop' } },
        },
      ]);
      expect((await t.get(`/tasks/${task.id}`, newcomer.token)).status).toBe(200);
      expect((await t.get('/tasks/mine', newcomer.token)).body.data.map((x: { id: string }) => x.id)).toEqual([task.id]);
    });

    it('status changes stamp started_at once, completed_at on done, and clear it when reopened', async () => {
      const task = await createTask({ tech_employee_id: tech.id });
      const started = await t.patch(`/tasks/${task.id}`, { status: 'in_progress' }, tech.token);
      expect(started.body).toMatchObject({ status: 'in_progress', started_at: expect.any(String), completed_at: null });
      await t.patch(`/tasks/${task.id}`, { status: 'review' }, tech.token);
      const again = await t.patch(`/tasks/${task.id}`, { status: 'in_progress' }, tech.token);
      expect(again.body.started_at).toBe(started.body.started_at);
      const done = await t.patch(`/tasks/${task.id}`, { status: 'done' }, tech.token);
      expect(done.body.completed_at).toEqual(expect.any(String));
      const reopened = await t.patch(`/tasks/${task.id}`, { status: 'todo' }, tech.token);
      expect(reopened.body).toMatchObject({ status: 'todo', completed_at: null, started_at: started.body.started_at });
    });

    it('tech users change only tasks assigned to them and assign only themselves', async () => {
      const theirs = await createTask({ tech_employee_id: tech2.id });
      expect((await t.patch(`/tasks/${theirs.id}`, { status: 'done' }, tech.token)).status).toBe(403);
      expect((await t.post(`/tasks/${theirs.id}/timer/start`, {}, tech.token)).status).toBe(403);
      const own = await createTask({}, tech.token);
      expect(own.tech_employee_id).toBe(tech.id);
      expect((await t.post(`/projects/${projectId}/tasks`, { title: 'x', tech_employee_id: tech2.id }, tech.token)).status).toBe(403);
      expect((await t.delete(`/tasks/${own.id}`, tech.token)).status).toBe(403);
      expect((await t.patch(`/tasks/${theirs.id}`, { priority: 'urgent' }, support.token)).body.priority).toBe('urgent');
    });
  });

  describe('time tracking', () => {
    it('one running timer per user: a second one is a 409 naming the running task', async () => {
      const first = await createTask({ title: 'Checkout', tech_employee_id: tech.id });
      const second = await createTask({ title: 'Cart', tech_employee_id: tech.id });
      const started = await t.post(`/tasks/${first.id}/timer/start`, {}, tech.token);
      expect(started.status).toBe(201);
      expect(started.body).toMatchObject({ task_id: first.id, task_title: 'Checkout', elapsed_minutes: 0 });

      const clash = await t.post(`/tasks/${second.id}/timer/start`, {}, tech.token);
      expect(clash.status).toBe(409);
      expect(clash.body.message).toMatch(new RegExp(`already running on task "Checkout" \\(${first.id}\\)`));
      expect((await t.post(`/tasks/${first.id}/timer/start`, {}, tech.token)).status).toBe(409);

      const current = await t.get('/tasks/timer', tech.token);
      expect(current.body.timer).toMatchObject({ task_id: first.id, task_title: 'Checkout' });
      expect((await t.post(`/tasks/${second.id}/timer/stop`, {}, tech.token)).status).toBe(409);
      await t.post(`/tasks/${first.id}/timer/stop`, {}, tech.token);
      expect((await t.get('/tasks/timer', tech.token)).body).toEqual({ timer: null });
    });

    it('two concurrent starts by the same user on different tasks: exactly one timer runs', async () => {
      const [x, y] = [await createTask({ tech_employee_id: tech2.id }), await createTask({ tech_employee_id: tech2.id })];
      const results = await Promise.all([t.post(`/tasks/${x.id}/timer/start`, {}, tech2.token), t.post(`/tasks/${y.id}/timer/start`, {}, tech2.token)]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(await t.connection.collection('running_timers').countDocuments({ _id: new Types.ObjectId(tech2.id) })).toBe(1);
      const running = results.find((r) => r.status === 201)!.body.task_id;
      await t.post(`/tasks/${running}/timer/stop`, {}, tech2.token);
    });

    it('stopping adds exactly the elapsed whole minutes to the total, once', async () => {
      const task = await createTask({ tech_employee_id: tech.id });
      await t.post(`/tasks/${task.id}/timer/start`, { note: 'layout' }, tech.token);
      await backdateTimer(tech.id, new Date(Date.now() - (37 * 60 + 20) * 1000));
      const stopped = await t.post(`/tasks/${task.id}/timer/stop`, {}, tech.token);
      expect(stopped.status).toBe(200);
      expect(stopped.body).toMatchObject({ task_id: task.id, total_minutes: 37, entry: { minutes: 37, source: 'timer', note: 'layout', user_id: tech.id } });
      expect((await t.post(`/tasks/${task.id}/timer/stop`, {}, tech.token)).status).toBe(409);

      await t.post(`/tasks/${task.id}/timer/start`, {}, tech.token);
      await backdateTimer(tech.id, new Date(Date.now() - 59 * 1000));
      expect((await t.post(`/tasks/${task.id}/timer/stop`, {}, tech.token)).body).toMatchObject({ total_minutes: 37, entry: { minutes: 0 } });
      const stored = await t.get(`/tasks/${task.id}`, tech.token);
      expect(stored.body.total_minutes).toBe(37);
      expect(stored.body.time_entries.map((e: { minutes: number }) => e.minutes)).toEqual([37, 0]);
    });

    it('manual entries: valid spans only, no overlap with the same user on any task, deletion keeps the total right', async () => {
      const [one, two] = [await createTask({ tech_employee_id: tech.id }), await createTask({ tech_employee_id: tech.id })];
      const first = await t.post(`/tasks/${one.id}/time-entries`, { started_at: ago(300), ended_at: ago(240), note: 'research' }, tech.token);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ total_minutes: 60, entry: { minutes: 60, source: 'manual', note: 'research' } });

      const overlap = await t.post(`/tasks/${two.id}/time-entries`, { started_at: ago(250), ended_at: ago(200) }, tech.token);
      expect(overlap.status).toBe(409);
      expect(overlap.body.message).toContain(one.id);
      expect((await t.post(`/tasks/${two.id}/time-entries`, { started_at: ago(240), ended_at: ago(200) }, tech.token)).status).toBe(201); // back to back
      expect((await t.post(`/tasks/${one.id}/time-entries`, { started_at: ago(10), ended_at: new Date(Date.now() + 10 * MINUTE) }, tech.token)).status).toBe(400);
      expect((await t.post(`/tasks/${one.id}/time-entries`, { started_at: ago(10), ended_at: ago(20) }, tech.token)).status).toBe(400);

      // Another user's time in the same span is fine.
      const shared = await createTask({ tech_employee_id: tech2.id });
      expect((await t.post(`/tasks/${shared.id}/time-entries`, { started_at: ago(300), ended_at: ago(240) }, tech2.token)).status).toBe(201);

      // A manual entry may not overlap the user's running timer either.
      await t.post(`/tasks/${one.id}/timer/start`, {}, tech.token);
      await backdateTimer(tech.id, ago(30));
      expect((await t.post(`/tasks/${two.id}/time-entries`, { started_at: ago(40), ended_at: ago(20) }, tech.token)).status).toBe(409);
      await t.post(`/tasks/${one.id}/timer/stop`, {}, tech.token);

      const entryId = first.body.entry.id;
      expect((await t.delete(`/tasks/${one.id}/time-entries/${entryId}`, tech2.token)).status).toBe(403);
      expect((await t.delete(`/tasks/${one.id}/time-entries/${entryId}`, tech.token)).status).toBe(204);
      expect((await t.delete(`/tasks/${one.id}/time-entries/${entryId}`, tech.token)).status).toBe(404);
      const stored = (await t.get(`/tasks/${one.id}`, tech.token)).body;
      expect(stored.total_minutes).toBe(30);
      expect(stored.total_minutes).toBe(stored.time_entries.reduce((sum: number, e: { minutes: number }) => sum + e.minutes, 0));
    });

    it('deleting a task discards a timer running on it', async () => {
      const task = await createTask({ tech_employee_id: tech2.id });
      await t.post(`/tasks/${task.id}/timer/start`, {}, tech2.token);
      expect((await t.delete(`/tasks/${task.id}`, support.token)).status).toBe(204);
      expect((await t.get('/tasks/timer', tech2.token)).body).toEqual({ timer: null });
    });
  });

  describe('database round trips', () => {
    // Pinned per endpoint: a per-row lookup (N+1) would show up as a repeated command.
    let goalId: string;
    let taskId: string;
    beforeAll(async () => {
      goalId = (await t.post(`/projects/${projectId}/goals`, { title: 'Pinned goal', support_employee_id: support.id }, admin)).body.id;
      for (let i = 0; i < 3; i++) taskId = (await createTask({ title: `Pinned ${i}`, goal_id: goalId, tech_employee_id: tech.id })).id;
    });

    it.each([
      ['GET /projects/:id/goals (team member)', () => `/projects/${projectId}/goals?populate=support_employee,project&limit=100`, ['find goals', 'find projects', 'find projects', 'find users', 'find users', 'aggregate goals']],
      ['GET /goals (team member)', () => '/goals?populate=support_employee&limit=100', ['find projects', 'find goals', 'aggregate goals', 'find users', 'find users']],
      ['GET /goals/:id', () => `/goals/${goalId}`, ['find goals', 'find projects', 'find users']],
      ['GET /projects/:id/tasks (team member)', () => `/projects/${projectId}/tasks?populate=project,goal,tech_employee&limit=100`, ['find projects', 'find tasks', 'aggregate tasks', 'find projects', 'find goals', 'find users', 'find users']],
      ['GET /tasks (team member)', () => '/tasks?populate=tech_employee&limit=100', ['find projects', 'find tasks', 'aggregate tasks', 'find users', 'find users']],
      ['GET /tasks/mine', () => '/tasks/mine?limit=100', ['find projects', 'find tasks', 'aggregate tasks', 'find users']],
      ['GET /tasks/:id', () => `/tasks/${taskId}`, ['find tasks', 'find projects', 'find users']],
      ['GET /tasks/timer', () => '/tasks/timer', ['find running_timers', 'find users']],
    ])('%s', async (_name, url, expected) => {
      const { response, commands } = await t.withCommands(() => t.get(url(), tech.token));
      expect(response.status).toBe(200);
      expect(commands).toEqual([...expected].sort());
    });

    it('GET /tasks/timer with a running timer reads the timer and the task title', async () => {
      await t.post(`/tasks/${taskId}/timer/start`, {}, tech.token);
      const { response, commands } = await t.withCommands(() => t.get('/tasks/timer', tech.token));
      expect(response.body.timer).toMatchObject({ task_id: taskId, task_title: 'Pinned 2' });
      expect(commands).toEqual(['find running_timers', 'find tasks', 'find users']);
      await t.post(`/tasks/${taskId}/timer/stop`, {}, tech.token);
    });

    it('admins and managers skip the visible-projects lookup on cross-project lists', async () => {
      const { commands } = await t.withCommands(() => t.get('/tasks?limit=100', manager.token));
      expect(commands).toEqual(['aggregate tasks', 'find tasks', 'find users']);
    });
  });
});
