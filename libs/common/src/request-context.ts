import { AsyncLocalStorage } from 'async_hooks';

/** What every layer may want to know about the request it serves, without threading it through calls. */
export interface RequestContext {
  requestId: string;
  ip?: string;
  userAgent?: string;
  userId?: string;
  /** Who acts when no user is signed in: `system` (a scheduled job) or `cli:<command>` (an ops command). */
  actor?: string;
  /** The job whose run this is (`cvv_purge`); recorded with every write it makes. */
  job?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, callback: () => T): T {
    return storage.run(context, callback);
  },
  get(): RequestContext | undefined {
    return storage.getStore();
  },
  /** The JWT guard learns the user after the context was opened. */
  setUserId(userId: string): void {
    const store = storage.getStore();
    if (store) store.userId = userId;
  },
};
