// The service's URLs, in one place: the pages emails and pages link to. Paths only (absolute with the
// service's PUBLIC_BASE_URL in front: `${base}${paths.process(id)}`).
export const paths = {
  /** The coordinator's and the adviser's page of a process (sign-in first if needed). */
  process: (processId: string) => `/processus/${processId}`,
  /** A step on its process's page. */
  step: (processId: string, stepKey: string) => `/processus/${processId}#etape-${stepKey}`,
  /** A partner's personal page (their link is their key) and their calendar feed. */
  partnerPage: (token: string) => `/p/${token}`,
  partnerFeed: (token: string) => `/p/${token}/calendar.ics`,
  /** One meeting as a calendar file; the partner page's forms (register to meetings, book an interview slot). */
  partnerMeetingCalendar: (token: string, stepId: string) => `/p/${token}/rencontres/${stepId}.ics`,
  partnerRegistrations: (token: string) => `/p/${token}/inscriptions`,
  partnerInterviews: (token: string) => `/p/${token}/entretiens`,
  /** One click (RFC 8058) and no more newsletter for this partner; their invitations still come. */
  newsletterUnsubscribe: (token: string) => `/p/${token}/lettre/desabonnement`,
  /** A territory's newsletter: the coordinator's issues of a process, one issue to edit, and the public archive. */
  newsletterIssues: (processId: string) => `/processus/${processId}/lettres`,
  newsletterIssue: (processId: string, issueId: string) => `/processus/${processId}/lettres/${issueId}`,
  newsletterArchive: (territoryId: string) => `/lettres/territoire/${territoryId}`,
  newsletterArchiveIssue: (issueId: string) => `/lettres/${issueId}`,
  /** The territory's calendar, for anyone its unguessable link was given to. */
  sharedCalendar: (token: string) => `/calendrier/${token}.ics`,
  sharedCalendarRenewal: (territoryId: string) => `/territoires/${territoryId}/calendrier/renouvellement`,
  /** A held meeting's documents, opened with the partner's link or the registrant's. */
  partnerDocuments: (token: string) => `/p/${token}/documents`,
  registrationDocuments: (token: string) => `/inscription/gerer/${token}/documents`,
  /** Closing a held meeting: who came, its documents. */
  meetingClosing: (processId: string, stepKey: string) => `/processus/${processId}/etapes/${stepKey}/cloture`,
  /** A meeting's document, for the coordinator and the adviser; who came to the process's meetings, as CSV. */
  processDocument: (processId: string, documentId: string) => `/processus/${processId}/documents/${documentId}`,
  attendanceCsv: (processId: string) => `/processus/${processId}/presences.csv`,
  /** A member of the public's own registration page. */
  registrationPage: (token: string) => `/inscription/gerer/${token}`,
  registrationConfirm: (token: string) => `/inscription/gerer/${token}/confirmer`,
  registrationCancel: (token: string) => `/inscription/gerer/${token}/annuler`,
  /** A public meeting's registration form, open to anyone, and the page saying the email is on its way. */
  publicForm: (stepId: string) => `/inscription/${stepId}`,
  publicFormSent: (stepId: string) => `/inscription/${stepId}/verifiez`,
  territory: (territoryId: string) => `/territoires/${territoryId}`,
  /** The signed-in person's account: what a Caf adviser receives (notices, weekly digest, both). */
  account: '/compte',
  /** The pages of the navigation: sign-in, a coordinator's territories, the dashboard, an adviser's portfolio. */
  signIn: '/connexion',
  territories: '/territoires',
  newTerritory: '/territoires/nouveau',
  dashboard: '/tableau-de-bord',
  portfolio: '/portefeuille',
  portfolioCsv: '/portefeuille.csv',
  /** The messages captured in local mode, one of them, its source and its attachments. */
  mailbox: '/courriels',
  mailboxMessage: (messageId: string) => `/courriels/${messageId}`,
  mailboxSource: (messageId: string) => `/courriels/${messageId}/source.eml`,
  mailboxAttachment: (messageId: string, index: number) => `/courriels/${messageId}/pieces-jointes/${index}`,
  /** The API's own document, the dashboard's data, a meeting's registrants as CSV. */
  apiDocument: '/api/openapi.json',
  apiDashboard: '/api/dashboard',
  registrationsCsv: (processId: string, stepKey: string) => `/api/processes/${processId}/steps/${stepKey}/registrations?format=csv`,
};
