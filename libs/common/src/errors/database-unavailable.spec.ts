import { MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { Error as MongooseError } from 'mongoose';
import { normalize } from './all-exceptions.filter';
import { isDatabaseUnavailableError } from './database-unavailable';

describe('database unavailable errors', () => {
  it.each([
    ['server selection timed out', new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:27017', { error: undefined } as never)],
    ['a network error', new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed')],
    ['the socket ended mid-write (unwrapped by the driver)', Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' })],
    ['a Mongoose buffering timeout', new MongooseError('Operation `users.findOne()` buffering timed out after 2000ms')],
    ['a primary stepping down', Object.assign(new MongoServerError({ message: 'not primary' }), { code: 10107 })],
  ])('%s is a 503 "Database unavailable"', (_label, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(true);
    expect(normalize(error)).toEqual({ statusCode: 503, message: expect.stringMatching(/^Database unavailable/), details: [] });
  });

  it.each([
    ['a duplicate key', Object.assign(new MongoServerError({ message: 'E11000 duplicate key' }), { code: 11000 })],
    ['a programming error', new TypeError('x is undefined')],
    ['another Mongoose error', new MongooseError('Query was already executed')],
  ])('%s is not', (_label, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(false);
    expect(normalize(error).statusCode).not.toBe(503);
  });
});
