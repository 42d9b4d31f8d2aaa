// The service's words for the states it shows, in one place. A process's status qualifies « la démarche »
// or « la CTG »: feminine everywhere.
export const processStatusLabels: Record<string, string> = { RUNNING: 'en cours', PAUSED: 'en pause', COMPLETED: 'terminée', CANCELLED: 'annulée' };
