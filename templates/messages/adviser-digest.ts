// The Caf adviser's weekly digest: what changed in their territories this week and what is coming, in
// one email instead of (or beside) the single notices, as they chose on their account page.
import { phaseLabels, type Phase } from '../../domain/plan';
import { formatFrenchDate } from '../../domain/time';
import { heading, link, paragraph, type Block } from './blocks';
import { automaticSignature, compose, type ViewOf } from './shared';
import type { MessageContext, RenderedMessage } from './types';

const phaseOf = (phase: string) => phaseLabels[phase as Phase] ?? phase;

export function renderAdviserDigest(context: MessageContext, view: ViewOf<'ADVISER_DIGEST'>): RenderedMessage {
  const { data } = view;
  const zone = context.territory.timezone;
  const section = (title: string, items: string[]): Block[] => (items.length ? [heading(`${title} (${items.length})`), { type: 'list', items: items.map((i) => [i]) }] : []);
  const blocks: Block[] = [
    paragraph(`Voici la semaine des Conventions Territoriales Globales de votre Caf (${view.cafName}) : ce qui a changé, ce qui est en retard et ce qui vient.`),
    ...section('Changements de phase', data.phaseChanges.map((c) => `${c.territory} : ${phaseOf(c.from)} → ${phaseOf(c.to)}`)),
    ...section('Étapes en retard', data.lateSteps.map((s) => `${s.territory} : ${s.title}${s.dueAt ? ` (prévue le ${formatFrenchDate(s.dueAt, zone)})` : ''}`)),
    ...section(
      'Rencontres des 30 prochains jours',
      data.meetings.map((m) => `${formatFrenchDate(m.startsAt, zone)} — ${m.territory} : ${m.title} — ${m.confirmed} inscrit(s)${m.capacity ? ` sur ${m.capacity} places` : ''}`),
    ),
    ...section('Renouvellements à lancer', data.renewalsDue.map((r) => `${r.territory} : la CTG finit le ${formatFrenchDate(r.endsAt, zone)}, son renouvellement n’est pas lancé`)),
    paragraph('Tout le détail, filtrable, dans ', link('votre portefeuille', view.portfolioUrl), '. Pour recevoir ce résumé, les messages un par un, ou les deux : ', link('votre compte', view.accountUrl), '.'),
  ];
  return compose(context, {
    subject: `Votre semaine CTG — ${view.cafName}`,
    preheader: `${data.lateSteps.length} étape(s) en retard, ${data.meetings.length} rencontre(s) à venir, ${data.renewalsDue.length} renouvellement(s) à lancer.`,
    greeting: 'Bonjour,',
    blocks,
    signature: automaticSignature,
    contact: context.coordinator,
  });
}
