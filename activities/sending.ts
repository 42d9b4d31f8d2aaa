// What a sending activity knows of its own run: its heartbeat (progress, for a retry to resume), the
// outbox lane its queue stands for, and what a step's workflow asks it to send.
import { Context } from '@temporalio/activity';
import type { StepMessageKind } from '../domain/message-kinds';
import { timelyQueueOf } from '../domain/task-queues';
import type { OutboxLane } from '../infra/mail';

export interface SendStepMessagesInput {
  stepId: string;
  kind: StepMessageKind;
  sequence: number;
  /** Tells apart several messages of one kind for one sequence (reminder at 7 or 1 day, nth nudge). */
  slot?: string;
  daysBefore?: number;
  previous?: { startsAt: string | null; endsAt: string | null; location: string | null; onlineUrl: string | null };
}

/** The activity's heartbeat, when run as one (a test may call it directly). */
export function heartbeat(details: unknown): void {
  try {
    Context.current().heartbeat(details);
  } catch {
    // not in an activity
  }
}

/** The outbox lane of this activity: timely when it came from the timely queue (domain/task-queues.ts). */
export function laneOf(): OutboxLane {
  try {
    return Context.current().info.taskQueue.endsWith(timelyQueueOf('')) ? 'timely' : 'bulk';
  } catch {
    return 'bulk';
  }
}
