// One message to each of many recipients, in small concurrent batches with a heartbeat after each, so a
// 500-partner invitation is quick and a retry resumes where it stopped (each delivery is idempotent).
import { Context } from '@temporalio/activity';
import { MessagesInFlightError, type DeliveryOutcome } from './deliver';

const BATCH_SIZE = 10;

export interface DeliveryReport {
  recipients: number;
  delivered: number;
  failed: number;
  alreadyDone: number;
}

export async function deliverAll<R>(recipients: R[], send: (recipient: R) => Promise<DeliveryOutcome>): Promise<DeliveryReport> {
  const report: DeliveryReport = { recipients: recipients.length, delivered: 0, failed: 0, alreadyDone: 0 };
  let inFlight = 0;
  for (let i = 0; i < recipients.length; i += BATCH_SIZE) {
    const outcomes = await Promise.all(recipients.slice(i, i + BATCH_SIZE).map(send));
    for (const outcome of outcomes) {
      if (outcome === 'SENT' || outcome === 'CAPTURED') report.delivered += 1;
      else if (outcome === 'FAILED') report.failed += 1;
      else if (outcome === 'IN_FLIGHT') inFlight += 1;
      else report.alreadyDone += 1;
    }
    Context.current().heartbeat(i + BATCH_SIZE); // after every batch: a slow SMTP server must not look like a dead worker
  }
  if (inFlight > 0) throw new MessagesInFlightError(inFlight);
  return report;
}
