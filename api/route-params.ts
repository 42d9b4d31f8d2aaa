// The ids and keys in a URL's path, checked once for every route: the JSON API names what is wrong with the
// identifier; a page says it does not know the address (what people read there).
import { z } from '../domain/zod';
import { phases } from '../domain/vocabulary';
import { IDENTIFIER } from '../domain/slug';

const apiId = z.uuid({ error: 'identifiant invalide (UUID attendu)' });
export const apiIdParam = z.object({ id: apiId });
export const apiStepParams = apiIdParam.extend({ key: z.string().regex(IDENTIFIER, 'clé d’étape invalide') });
export const apiPhaseParams = apiIdParam.extend({ phase: z.enum(phases) });

export const pageIdParam = z.object({ id: z.uuid({ error: 'adresse de page invalide' }) });
export const pageStepParams = pageIdParam.extend({ key: z.string().regex(IDENTIFIER, 'étape inconnue') });
export const pagePhaseParams = pageIdParam.extend({ phase: z.enum(phases) });
