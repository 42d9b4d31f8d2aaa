// The courier's one rule beyond sending: a message the SMTP server accepted is marked SENT, never PENDING
// (which would release its claim and have the retry send it again at once), whatever happens to the mark.
import type { Mark } from '../../infra/db/outbox-marks';
import { courierOf } from '../../infra/mail/courier';
import { PermanentDeliveryError, type Mailer } from '../../infra/mail/transport';

const job = { id: 'row-1', raw: Buffer.from('Subject: x\r\n\r\nBonjour\r\n'), envelope: { from: 'ctg@example.org', to: 'anne@example.org' }, messageId: '<1@example.org>' };
const accepting: Mailer = { mode: 'smtp', deliver: async () => ({ response: '250 OK queued' }), close: () => undefined };

function failingMarks(failures: number) {
  const marks: Mark[] = [];
  let left = failures;
  const mark = async (m: Mark) => {
    marks.push(m);
    if (left-- > 0) throw new Error('Connection terminated unexpectedly');
  };
  return { marks, mark };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

it('tries an accepted message’s mark again, as SENT', async () => {
  const { marks, mark } = failingMarks(2);
  const carried = courierOf(accepting, mark).carry(job);
  await jest.advanceTimersByTimeAsync(5_000);
  await expect(carried).resolves.toBe('SENT');
  expect(marks.map((m) => m.status)).toEqual(['SENT', 'SENT', 'SENT']);
});

it('gives up with the claim left in place, never marking an accepted message PENDING', async () => {
  const { marks, mark } = failingMarks(Infinity);
  const carried = courierOf(accepting, mark).carry(job);
  const outcome = expect(carried).rejects.toThrow(/Connection terminated/);
  await jest.advanceTimersByTimeAsync(10_000);
  await outcome;
  expect(marks.length).toBe(4);
  expect(marks.every((m) => m.status === 'SENT')).toBe(true);
});

it('releases a message the server did not accept (PENDING), and records a permanent refusal (FAILED)', async () => {
  const { marks, mark } = failingMarks(0);
  const refusing = (error: Error): Mailer => ({ ...accepting, deliver: async () => Promise.reject(error) });
  await expect(courierOf(refusing(new Error('451 try later')), mark).carry(job)).rejects.toThrow(/451/);
  await expect(courierOf(refusing(new PermanentDeliveryError('550 no such user', 550)), mark).carry(job)).resolves.toBe('FAILED');
  expect(marks.map((m) => [m.status, m.error])).toEqual([
    ['PENDING', '451 try later'],
    ['FAILED', '550 no such user'],
  ]);
});
