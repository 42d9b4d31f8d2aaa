// The service's words for the states it shows, in one place. A process's status qualifies « la démarche »
// or « la CTG »: feminine everywhere.
export const processStatusLabels: Record<string, string> = { RUNNING: 'en cours', PAUSED: 'en pause', COMPLETED: 'terminée', CANCELLED: 'annulée' };

/** What a coordinator records about each person after a meeting. */
export const attendanceLabels: Record<'PRESENT' | 'EXCUSED' | 'ABSENT', string> = { PRESENT: 'présent(e)', EXCUSED: 'excusé(e)', ABSENT: 'absent(e)' };

/** Where a CTG's renewal stands, as the portfolio shows it. */
export const renewalLabels: Record<'NOT_STARTED' | 'DUE' | 'STARTED', string> = { NOT_STARTED: 'pas encore', DUE: 'à lancer', STARTED: 'lancé' };
