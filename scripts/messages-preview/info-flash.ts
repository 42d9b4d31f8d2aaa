// A sample Info flash of the demo territory: its sections and its programme, past, ongoing and upcoming.
import type { InfoFlashStep, InfoFlashView } from '../../templates/info-flash';
import { adviser, at, context, launch, links, now, planSteps, restitution, shiftDays, survey } from './demo';

export function infoFlash(): InfoFlashView {
  const step = (s: Omit<InfoFlashStep, 'registrationUrl' | 'location'> & Partial<InfoFlashStep>): InfoFlashStep => ({
    location: null,
    registrationUrl: null,
    ...s,
  });
  const groups = planSteps.filter((s) => s.key.startsWith('gt-'));
  return {
    territory: context.territory,
    cafName: context.cafName,
    period: context.period,
    phase: 'DIAGNOSTIC',
    name: 'Info flash',
    number: 3,
    editorial: null,
    sections: [{ heading: 'Zoom sur l’enquête auprès des familles', body: 'Merci aux familles qui ont répondu : leurs réponses nourrissent le diagnostic partagé, présenté au comité de pilotage.', figure: '312', figureLabel: 'réponses à l’enquête' }],
    issuedAt: now,
    themes: ['petite enfance', 'enfance et jeunesse', 'parentalité', 'handicap', 'animation de la vie sociale', 'accès aux droits et au numérique'],
    steps: [
      step({ title: 'Séminaire avec les élus', phase: 'DIAGNOSTIC', behaviour: 'MEETING', startsAt: at(-40, 18), endsAt: at(-40, 20), state: 'done' }),
      step({ title: 'Analyse documentaire et statistique', phase: 'DIAGNOSTIC', behaviour: 'TASK', startsAt: at(-45, 9), endsAt: at(-5, 18), state: 'done' }),
      step({ title: 'Entretiens partenaires clés', phase: 'DIAGNOSTIC', behaviour: 'MEETING', startsAt: null, endsAt: null, state: 'ongoing' }),
      step({ ...survey, state: 'ongoing' }),
      step({ ...launch, state: 'upcoming', registrationUrl: links(launch.key).registrationUrl }),
      step({ ...restitution, state: 'upcoming' }),
      step({ title: 'Définition des axes d’intervention prioritaires', phase: 'PLAN_ACTIONS', behaviour: 'MEETING', startsAt: at(30, 14), endsAt: at(30, 17), location: 'Salle des fêtes de Ségur', state: 'upcoming' }),
      ...groups.map((g) => step({ ...g, state: 'upcoming', registrationUrl: links(g.key).registrationUrl })),
      ...groups.map((g) => step({ ...g, title: g.title.replace('1re séance', 'seconde séance'), startsAt: shiftDays(g.startsAt!, 28), endsAt: shiftDays(g.endsAt!, 28), state: 'upcoming' })),
      step({ title: 'Rédaction de la Convention', phase: 'PLAN_ACTIONS', behaviour: 'TASK', startsAt: null, endsAt: null, state: 'upcoming' }),
      step({ title: 'Restitution finale au comité de pilotage', phase: 'PLAN_ACTIONS', behaviour: 'MEETING', startsAt: null, endsAt: null, state: 'upcoming' }),
    ],
    contacts: [
      { name: context.coordinator.name, role: 'Chargée de coopération', organisation: context.territory.name, email: context.coordinator.email },
      { name: adviser.fullName, role: 'Conseillère territoriale', organisation: context.cafName, email: adviser.email },
    ],
    calendarFeedUrl: links('').calendarFeedUrl,
  };
}
