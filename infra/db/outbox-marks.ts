// Marking outbox rows once the SMTP server answered: the marks of concurrent sends gathered a batch per
// statement (group commit), on a pool of their own in the courier thread (../mail/courier-thread.ts) or on
// the pool under Prisma. Only pg here: the courier thread loads neither Prisma nor the rest of the outbox.
import type pg from 'pg';
import { groupCommit } from './group-commit';

export interface Mark {
  id: string;
  status: 'SENT' | 'CAPTURED' | 'FAILED' | 'PENDING';
  response: string | null;
  error: string | null;
}

export function createMarks(pool: pg.Pool): (mark: Mark) => Promise<void> {
  return groupCommit<Mark, void>(async (marks) => {
    const now = new Date();
    // Committed without waiting for the WAL's flush to disk (2.8 ms a commit here, 0.2 without): the mark
    // is what shortens the window where a killed worker would send an accepted message again. Only a crash
    // of PostgreSQL itself could lose the last few hundred milliseconds of marks, and then those messages
    // are sent again (duplicated), never lost: their claims, written before sending, stay synchronous.
    await pool.query(
      `WITH async AS (SELECT set_config('synchronous_commit', 'off', true))
       UPDATE "Message" AS m SET
         "status" = t.status::"MessageStatus",
         "smtpResponse" = COALESCE(t.response, m."smtpResponse"),
         "sentAt" = CASE WHEN t.status IN ('SENT', 'CAPTURED') THEN $5 ELSE m."sentAt" END,
         "claimedAt" = CASE WHEN t.status = 'PENDING' THEN NULL ELSE m."claimedAt" END,
         "attempts" = m."attempts" + 1,
         "error" = t.error
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS t(id, status, response, error), async
       WHERE m."id" = t.id`,
      [marks.map((k) => k.id), marks.map((k) => k.status), marks.map((k) => k.response), marks.map((k) => k.error), now],
    );
    return marks.map(() => undefined);
    // One at a time, as claims: marks go 4–5 a statement instead of 1.6 with four at once (the delivery
    // workers' CPU a message: 1.31 ms instead of 1.79). In the courier thread too: four at once there made
    // the accepted→marked window longer, not shorter (mean 7.7 ms against 5.6 at 100 × 150), PostgreSQL
    // having more statements to run on the same two cores.
  }, { parallel: 1 });
}
