// Interview campaigns, without I/O: the time slots a coordinator proposes (typed as lines, read in the
// territory's zone), the campaign's span, and who may book, move or give back which slot and when. The
// database layer applies the rules inside one locked transaction (infra/db/interviews.ts).
import { fromLocalInput, toLocalInput, toOffsetIso } from './local-time-input';

export type InterviewRefusal = 'NOT_INTERVIEWS' | 'CANCELLED' | 'OVER' | 'NOT_INVITED' | 'SLOT_UNKNOWN' | 'SLOT_TAKEN' | 'SLOT_PAST' | 'STARTED' | 'NOT_BOOKED';

/** Shown to people as is (pages, problem details). */
export const interviewRefusalMessages: Record<InterviewRefusal, string> = {
  NOT_INTERVIEWS: 'cette étape n’est pas une campagne d’entretiens',
  CANCELLED: 'cette campagne d’entretiens est annulée',
  OVER: 'cette campagne d’entretiens est terminée',
  NOT_INVITED: 'vous n’êtes pas invité(e) à cette campagne d’entretiens',
  SLOT_UNKNOWN: 'ce créneau n’est plus proposé',
  SLOT_TAKEN: 'ce créneau vient d’être réservé par quelqu’un d’autre : choisissez-en un autre',
  SLOT_PAST: 'ce créneau est passé',
  STARTED: 'votre entretien a déjà commencé : il ne peut plus être déplacé ni annulé',
  NOT_BOOKED: 'vous n’aviez pas de créneau réservé',
};

export interface CampaignState {
  behaviour: string;
  status: 'PLANNED' | 'INVITED' | 'HELD' | 'DONE' | 'CANCELLED';
}

export interface SlotState {
  stepId: string;
  startsAt: Date;
  /** The contact holding it, or null when free. */
  heldBy: string | null;
}

/** Why `contactId` cannot take `slot` now (null: they can). Taking one's own slot again changes nothing. */
export function bookingRefusal(
  campaign: CampaignState,
  slot: SlotState | null,
  own: { startsAt: Date } | null,
  contactId: string,
  now: Date,
  invited: boolean,
): InterviewRefusal | null {
  const closed = campaignRefusal(campaign, invited);
  if (closed) return closed;
  if (!slot) return 'SLOT_UNKNOWN';
  if (slot.heldBy === contactId) return null;
  if (own && own.startsAt.getTime() <= now.getTime()) return 'STARTED';
  if (slot.startsAt.getTime() <= now.getTime()) return 'SLOT_PAST';
  if (slot.heldBy !== null) return 'SLOT_TAKEN';
  return null;
}

/** Why `contactId` cannot give their slot back now (null: they can). */
export function releaseRefusal(campaign: CampaignState, own: { startsAt: Date } | null, now: Date, invited: boolean): InterviewRefusal | null {
  const closed = campaignRefusal(campaign, invited);
  if (closed) return closed;
  if (!own) return 'NOT_BOOKED';
  if (own.startsAt.getTime() <= now.getTime()) return 'STARTED';
  return null;
}

function campaignRefusal(campaign: CampaignState, invited: boolean): InterviewRefusal | null {
  if (campaign.behaviour !== 'INTERVIEWS') return 'NOT_INTERVIEWS';
  if (campaign.status === 'CANCELLED') return 'CANCELLED';
  if (campaign.status === 'HELD' || campaign.status === 'DONE') return 'OVER';
  if (!invited) return 'NOT_INVITED';
  return null;
}

/** From the first slot's start to the last slot's end; null without slots (the campaign's dates are to set). */
export function campaignSpan(slots: readonly { startsAt: Date; endsAt: Date }[]): { startsAt: Date; endsAt: Date } | null {
  if (slots.length === 0) return null;
  return {
    startsAt: new Date(Math.min(...slots.map((s) => s.startsAt.getTime()))),
    endsAt: new Date(Math.max(...slots.map((s) => s.endsAt.getTime()))),
  };
}

const FRENCH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T]+(\d{1,2})[:h](\d{2})$/;

/**
 * Slots as a coordinator types them, one a line (or separated by « ; »): « 2027-03-02 10:00 »,
 * « 2027-03-02T10:00 » or « 02/03/2027 10h00 », in the territory's zone → ISO instants with offset.
 */
export function parseSlotLines(text: string, timeZone: string): { slots: string[] } | { error: string } {
  const slots: string[] = [];
  for (const raw of text.split(/[\n\r;]+/)) {
    const line = raw.trim();
    if (!line) continue;
    const french = FRENCH.exec(line);
    const local = french
      ? `${french[3]}-${french[2]!.padStart(2, '0')}-${french[1]!.padStart(2, '0')}T${french[4]!.padStart(2, '0')}:${french[5]}`
      : line.replace(/\s+/, 'T');
    const instant = fromLocalInput(local, timeZone);
    if (!instant) return { error: `créneau « ${line} » illisible : attendu une date et une heure par ligne, par exemple 2027-03-02 10:00` };
    slots.push(toOffsetIso(instant, timeZone));
  }
  return { slots };
}

/** The slots as lines the coordinator can edit (« 2027-03-02 10:00 »). */
export const slotLines = (slots: readonly string[] | undefined, timeZone: string): string =>
  (slots ?? []).map((s) => toLocalInput(new Date(s), timeZone).replace('T', ' ')).join('\n');

/** The booking's calendar SEQUENCE: the step's (title, place) plus its own moves; both only grow. */
export const bookingSequence = (stepSequence: number, bookingSequence: number): number => stepSequence + bookingSequence;
