// Invitation to a step of the CTG: what, why, when (in the territory's zone, in words), where, whom to ask.
import type { StepKind } from '../domain/plan';
import { formatFrenchDateRange } from '../domain/time';
import { emailLayout, textFooter, type EmailContact } from './email-layout';
import { html } from './html';

export interface InvitationView {
  territory: { name: string; timezone: string };
  coordinator: { name: string; email: string };
  step: {
    kind: StepKind;
    title: string;
    startsAt: Date;
    endsAt: Date | null;
    location: string | null;
    onlineUrl: string | null;
  };
  recipient: { fullName: string };
}

/** Why this meeting matters, in the words of the seeds' newsletters. */
const purposeByKind: Partial<Record<StepKind, string>> = {
  SEMINAIRE_ELUS: 'Ce séminaire lance la démarche avec les élus : enjeux, calendrier et gouvernance de la future Convention.',
  LANCEMENT_PARTENAIRES:
    'Cette rencontre lance la démarche avec l’ensemble des partenaires : présentation de la CTG, des étapes et de la manière d’y contribuer.',
  ENTRETIEN_PARTENAIRE:
    'Cet entretien permet de recueillir votre regard sur les besoins du territoire, l’offre existante et vos attentes.',
  RENCONTRE_THEMATIQUE:
    'Cette rencontre thématique permet d’étayer le diagnostic des besoins repérés et de l’offre existante, à partir de l’expérience de terrain de chacun.',
  FORUM_HABITANTS: 'Ce forum est ouvert à tous les habitants : venez dire ce qui facilite ou complique la vie des familles.',
  RESTITUTION_COTECH: 'Le comité technique analyse et approfondit les enseignements du diagnostic.',
  RESTITUTION_COPIL: 'Le comité de pilotage reçoit la restitution du diagnostic partagé.',
  DEFINITION_AXES:
    'Cette séance définit les axes d’intervention prioritaires et échange sur la gouvernance et l’organisation de la future CTG.',
  GROUPE_DE_TRAVAIL:
    'Ce groupe de travail thématique, réuni à deux reprises, co-construit le plan d’actions de la Convention.',
  RESTITUTION_FINALE: 'La restitution finale présente la Convention et son plan d’actions au comité de pilotage.',
  SIGNATURE: 'Cette séance est consacrée à la signature de la Convention Territoriale Globale.',
  COPIL_ANNUEL:
    'Le comité de pilotage annuel définit la stratégie, arbitre et évalue le bon déroulement de la CTG.',
  COTECH_ANNUEL:
    'Le comité technique annuel veille à la concrétisation des actions et à leur articulation, et identifie les difficultés de mise en œuvre.',
};

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function renderInvitation(view: InvitationView): RenderedEmail {
  const { territory, coordinator, step, recipient } = view;
  const when = formatFrenchDateRange(step.startsAt, step.endsAt, territory.timezone);
  const purpose = purposeByKind[step.kind] ?? 'Cette étape contribue à l’élaboration de la Convention Territoriale Globale.';
  const contact: EmailContact = { name: coordinator.name, email: coordinator.email, territoryName: territory.name };
  const subject = `Invitation : ${step.title} — ${when}`;

  const whereLines = [
    step.location ? `Lieu : ${step.location}` : null,
    step.onlineUrl ? `En ligne : ${step.onlineUrl}` : null,
  ].filter((line): line is string => line !== null);

  const text = [
    `Bonjour ${recipient.fullName},`,
    '',
    `Dans le cadre de l’élaboration de la Convention Territoriale Globale (CTG) de ${territory.name}, nous avons le plaisir de vous inviter :`,
    '',
    `${step.title}`,
    `Quand : ${when}`,
    ...whereLines,
    '',
    purpose,
    '',
    'L’invitation est jointe au format calendrier (.ics) : ouvrez-la pour ajouter la rencontre à votre agenda.',
    `Pour toute question ou si vous ne pouvez pas venir, écrivez à ${coordinator.name} (${coordinator.email}).`,
    '',
    'Bien cordialement,',
    coordinator.name,
    '',
    textFooter(contact),
  ].join('\n');

  const body = html`
<p style="margin:0 0 16px;">Bonjour ${recipient.fullName},</p>
<p style="margin:0 0 16px;">Dans le cadre de l’élaboration de la Convention Territoriale Globale (CTG) de ${territory.name}, nous avons le plaisir de vous inviter :</p>
<div style="border-left:4px solid #12355b;padding:8px 16px;margin:0 0 16px;background:#f3f5f8;">
<p style="margin:0 0 8px;font-weight:bold;">${step.title}</p>
<p style="margin:0;"><strong>Quand :</strong> ${when}</p>
${step.location ? html`<p style="margin:0;"><strong>Lieu :</strong> ${step.location}</p>` : ''}
${step.onlineUrl ? html`<p style="margin:0;"><strong>En ligne :</strong> <a href="${step.onlineUrl}" style="color:#12355b;">${step.onlineUrl}</a></p>` : ''}
</div>
<p style="margin:0 0 16px;">${purpose}</p>
<p style="margin:0 0 16px;">L’invitation est jointe au format calendrier (.ics) : ouvrez-la pour ajouter la rencontre à votre agenda.</p>
<p style="margin:0 0 16px;">Pour toute question ou si vous ne pouvez pas venir, écrivez à ${coordinator.name} (<a href="mailto:${coordinator.email}" style="color:#12355b;">${coordinator.email}</a>).</p>
<p style="margin:0;">Bien cordialement,<br>${coordinator.name}</p>`;

  return { subject, text, html: emailLayout({ title: step.title, preheader: `${step.title} — ${when}`, body, contact }) };
}
