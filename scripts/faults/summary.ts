// The fault runs' figures in one row per scenario (a Markdown table); the JSON carries the rest.

export function summaryRows(results: Record<string, any>): [string, string][] {
  const rows: [string, string][] = [];
  const r = results;
  if (r.registrations && !r.registrations.error) {
    const x = r.registrations;
    rows.push([
      `${x.people} concurrent registrations (+${x.requests - x.people} repeated) for ${x.seats} seats`,
      `${x.confirmed} confirmed, ${x.waitlisted} waitlisted, overbooked ${x.overbooked}, duplicates ${x.duplicateRegistrations}; ${x.cancellations} cancellations → ${x.promotions} promotions (${x.promotionsInOrder ? 'oldest first' : 'NOT in order'}), then ${x.confirmedAfterCancellations} confirmed; notices ${x.notices.received}/${x.notices.expected}, duplicated ${x.notices.duplicated}; 5xx ${x.serverErrors}; p95 ${x.latencyMs.p95} ms`,
    ]);
  }
  if (r['bad-inputs'] && !r['bad-inputs'].error) {
    const x = r['bad-inputs'];
    rows.push([
      `${x.cases} generated bad inputs (${x.operationsCovered} API operations + pages and links)`,
      `5xx ${x.serverErrors}, unanswered ${x.noAnswer}, API crashes ${x.apiCrashes}; API 4xx not problem+json ${x.apiErrorsNotProblemJson}; 400 without the field ${x.fieldErrorsWithoutField}; accepted ${x.accepted}; 429 (waited out) ${x.rateLimited}`,
    ]);
  }
  if (r.tenancy && !r.tenancy.error) {
    const x = r.tenancy;
    rows.push([`every role × the other territory (${x.requests} requests, ${x.roles.length} callers)`, `leaks ${x.leaks}, changes made in the other territory ${x.tampering}, read-only escalations ${x.escalations}, 5xx ${x.serverErrors}`]);
  }
  if (r.security && !r.security.error) {
    const x = r.security;
    rows.push([`security review replayed: ${x.attacks.length} attacks (${x.attempts} attempts)`, `refused ${x.refusals}, leaks ${x.leaks}; erasure: gone from its territory ${x.erasure.erasedHere ? 'yes' : 'NO'}, kept in the other ${x.erasure.keptElsewhere ? 'yes' : 'NO'}`]);
  }
  if (r['worker-kill'] && !r['worker-kill'].error) {
    const x = r['worker-kill'];
    rows.push([
      `worker SIGKILLed ×${x.kills.length} during a ${x.expected}-invitation fan-out`,
      `expected ${x.expected}, delivered ${x.delivered}, lost ${x.lost}, duplicated ${x.duplicated} (other extra ${x.extraMessages}); activity retries ${x.activities.retries}; rows still PENDING ${x.messages.status.PENDING ?? 0}; last at +${x.seconds} s; restarts ${x.kills.map((k: any) => `${k.restartSeconds} s`).join(', ')}`,
    ]);
  }
  if (r['smtp-down'] && !r['smtp-down'].error) {
    const x = r['smtp-down'];
    rows.push([
      `SMTP server down ${x.downSeconds} s during a ${x.expected}-invitation fan-out`,
      `expected ${x.expected}, delivered ${x.delivered}, lost ${x.lost}, duplicated ${x.duplicated}; retries: ${x.activities.retries} activity, ${x.messages.attempts - x.messages.rows} SMTP attempts (${x.messages.messagesRetried} messages); resumed ${x.resumedAfterSeconds} s after, done ${x.finishedAfterSeconds} s after`,
    ]);
  }
  for (const name of ['pg-cut', 'pg-blackhole', 'temporal-restart']) {
    const x = r[name];
    if (!x || x.error) continue;
    const during = Object.entries(x.probes as Record<string, any>)
      .map(([probe, p]) => `${probe}: ${Object.entries(p.during.statuses).map(([s, n]) => `${n}×${s}`).join(' ') || '—'}, max ${p.during.maxMs} ms${p.during.hangs ? `, ${p.during.hangs} HANGS` : ''}, back ${p.recoveredAfterSeconds ?? 'never'} s`)
      .join('; ');
    const l = x.lost;
    const title = name === 'temporal-restart' ? `Temporal server killed, restarted after ${x.downSeconds} s` : name === 'pg-cut' ? `PostgreSQL connections cut (reset) ${x.downSeconds} s` : `PostgreSQL black-holed ${x.downSeconds} s`;
    rows.push([
      title,
      `${during}; API crashes ${x.apiCrashes}, worker crashes ${x.workerCrashes}; lost: invitations ${l.invitationsDueDuringOutage.lost}/${l.invitationsDueDuringOutage.expected} (dup. ${l.invitationsDueDuringOutage.duplicated}), registrations ${l.registrationsMissing}/${l.registrationsAccepted}, notices ${l.noticesMissing}, change ${l.changeLost ? 'LOST' : 'kept'}`,
    ]);
  }
  for (const [name, x] of Object.entries(r)) if ((x as any)?.error) rows.push([name, `FAILED: ${(x as any).error}`]);
  return rows;
}

export function table(rows: [string, string][]): string {
  return ['| scenario | figures |', '| --- | --- |', ...rows.map(([a, b]) => `| ${a} | ${b.replace(/\|/g, '\\|')} |`)].join('\n');
}
