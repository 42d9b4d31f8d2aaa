// Registration rules, without I/O: who may take a seat at which meeting and when, what status a new
// request gets, and when the coordinator hears that a meeting fills up. The database layer applies them
// inside one locked transaction (infra/db/registrations.ts).
import { isMeeting, type Audience, type StepBehaviour } from './plan';
import { z } from './zod';

export const registrationStatuses = ['UNCONFIRMED', 'CONFIRMED', 'WAITLISTED', 'CANCELLED'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

/** Who asks: an invited partner (personal link), anyone (public forum page), or a coordinator for someone. */
export type Registrant = 'partner' | 'public' | 'coordinator';

export type RegistrationRefusal = 'NOT_A_MEETING' | 'UNDATED' | 'CANCELLED' | 'OVER' | 'STARTED' | 'NOT_INVITED' | 'NOT_PUBLIC';

/** Shown to people as is (pages, problem details). */
export const refusalMessages: Record<RegistrationRefusal, string> = {
  NOT_A_MEETING: 'cette étape n’est pas une rencontre : on ne s’y inscrit pas',
  UNDATED: 'la date de cette rencontre n’est pas encore fixée',
  CANCELLED: 'cette rencontre est annulée',
  OVER: 'cette rencontre a déjà eu lieu',
  STARTED: 'cette rencontre a déjà commencé : les inscriptions sont closes',
  NOT_INVITED: 'vous n’êtes pas invité(e) à cette rencontre',
  NOT_PUBLIC: 'cette rencontre n’est pas ouverte au public',
};

export interface RegistrableStep {
  behaviour: StepBehaviour;
  status: 'PLANNED' | 'INVITED' | 'HELD' | 'DONE' | 'CANCELLED';
  startsAt: Date | null;
  audience: Pick<Audience, 'public'>;
}

/** Whether the step takes registrations at all (a meeting, not a task, a milestone or a survey window). */
export const isRegistrable = (step: { behaviour: StepBehaviour }): boolean => isMeeting(step.behaviour);

/**
 * Why a seat can't be asked for or given back now, or null when it can. `invited` matters for partners
 * only; the public only reaches meetings open to the public; coordinators register anyone.
 */
export function registrationRefusal(step: RegistrableStep, who: Registrant, now: Date, invited = false): RegistrationRefusal | null {
  if (!isRegistrable(step)) return 'NOT_A_MEETING';
  if (step.status === 'CANCELLED') return 'CANCELLED';
  if (step.status === 'HELD' || step.status === 'DONE') return 'OVER';
  if (!step.startsAt) return 'UNDATED';
  if (now.getTime() >= step.startsAt.getTime()) return 'STARTED';
  if (who === 'public' && !step.audience.public) return 'NOT_PUBLIC';
  if (who === 'partner' && !invited) return 'NOT_INVITED';
  return null;
}

/**
 * Members of the public confirm their request from the emailed link (double opt-in): until then a seat
 * is held for them this long, so nobody takes it meanwhile and nobody holds it for long.
 */
export const PUBLIC_HOLD_MINUTES = 30;

/** A new request gets a seat while there is one (no capacity: always), else a place on the waiting list. */
export function statusForRequest(confirmed: number, capacity: number | null): 'CONFIRMED' | 'WAITLISTED' {
  return capacity === null || confirmed < capacity ? 'CONFIRMED' : 'WAITLISTED';
}

/** Seats still free, or null when the meeting has no limit. */
export const seatsLeft = (confirmed: number, capacity: number | null): number | null =>
  capacity === null ? null : Math.max(0, capacity - confirmed);

/** The highest capacity threshold reached (the coordinator is told once at 80 %, once at 100 %). */
export function capacityThreshold(confirmed: number, capacity: number | null): 80 | 100 | null {
  if (capacity === null || capacity <= 0) return null;
  if (confirmed >= capacity) return 100;
  if (confirmed * 100 >= capacity * 80) return 80;
  return null;
}

/** What a registration notice says: a seat, a place on the waiting list, or a seat freed for them. */
export type NoticeKind = 'REGISTRATION_TO_CONFIRM' | 'REGISTRATION_CONFIRMED' | 'WAITLISTED' | 'PROMOTED_FROM_WAITLIST';

export function noticeKindOf(registration: { status: RegistrationStatus; requestedAt: Date; confirmedAt: Date | null }): NoticeKind | null {
  if (registration.status === 'UNCONFIRMED') return 'REGISTRATION_TO_CONFIRM';
  if (registration.status === 'WAITLISTED') return 'WAITLISTED';
  if (registration.status !== 'CONFIRMED') return null;
  // A seat given at once is confirmed at the instant it was asked for; a promotion comes later.
  return registration.confirmedAt && registration.confirmedAt.getTime() > registration.requestedAt.getTime()
    ? 'PROMOTED_FROM_WAITLIST'
    : 'REGISTRATION_CONFIRMED';
}

export const statusLabels: Record<RegistrationStatus, string> = {
  UNCONFIRMED: 'À confirmer par courriel',
  CONFIRMED: 'Inscrit(e)',
  WAITLISTED: 'En liste d’attente',
  CANCELLED: 'Annulée',
};

/** « 1re », « 2e »: French ordinals for waiting-list positions. */
export const ordinal = (n: number): string => (n === 1 ? '1re' : `${n}e`);

/** A person registered by a coordinator (API). */
export const registrationInputSchema = z
  .object({
    email: z.email({ error: 'adresse électronique invalide' }).max(254).transform((e) => e.toLowerCase()),
    fullName: z.string().trim().min(2, 'au moins 2 caractères').max(200),
    organisation: z.string().trim().max(200).optional(),
  })
  .strict();
export type RegistrationInput = z.infer<typeof registrationInputSchema>;

/** The public forum form: plain HTML field names, consent required. */
export const publicRegistrationSchema = z.object({
  nom: z.string({ error: 'indiquez votre nom' }).trim().min(2, 'indiquez votre nom (au moins 2 caractères)').max(200, '200 caractères au plus'),
  courriel: z
    .string({ error: 'indiquez votre adresse électronique' })
    .trim()
    .min(1, 'indiquez votre adresse électronique')
    .pipe(z.email({ error: 'adresse électronique invalide, par exemple prenom.nom@exemple.fr' }).max(254))
    .transform((e) => e.toLowerCase()),
  consentement: z.literal('oui', { error: 'cochez cette case pour vous inscrire' }),
});
export type PublicRegistrationInput = z.infer<typeof publicRegistrationSchema>;
