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
/** By the raw request: the request log line is written on 'finish', outside the request's async context. */
const byRequest = new WeakMap<object, RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, callback: () => T): T {
    return storage.run(context, callback);
  },
  /** Makes `context` findable from the raw request (see `of`). */
  attach(request: object, context: RequestContext): RequestContext {
    byRequest.set(request, context);
    return context;
  },
  of(request: object): RequestContext | undefined {
    return byRequest.get(request);
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
