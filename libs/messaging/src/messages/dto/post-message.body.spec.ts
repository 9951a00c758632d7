import { ApiException } from '@app/common';
import { messageFormBody } from './post-message.body';

describe('messageFormBody', () => {
  it('takes each text field once, as the JSON body would carry it', () => {
    expect(messageFormBody({ content: ['hello'], reply_to_id: ['65a1b2c3d4e5f60718293a4b'] })).toEqual({ content: 'hello', reply_to_id: '65a1b2c3d4e5f60718293a4b' });
  });

  it('treats an empty optional field as absent (forms send every field), but keeps an empty content for validation to refuse', () => {
    expect(messageFormBody({ content: [''], reply_to_id: [''] })).toEqual({ content: '' });
  });

  it('refuses a field sent twice, naming it', () => {
    const error = (() => {
      try {
        messageFormBody({ content: ['a', 'b'] });
      } catch (e) {
        return e as ApiException;
      }
    })();
    expect(error).toBeInstanceOf(ApiException);
    expect((error!.getResponse() as { details: unknown }).details).toEqual([{ field: 'content', message: 'must be sent once' }]);
  });
});
