// The territory's words as a plain HTML form (no JavaScript): the article of its name, the functions of
// its coordinator and adviser, its contact groups and its governance bodies, one table row each, blank
// rows to add, a row emptied to remove. Read into the same changes the API takes, errors by field.
import { bodiesOf, contactGroupsOf, groupKeyOf, type ContactGroup, type GovernanceBody } from '../../domain/governance';
import { contactRoles } from '../../domain/plan';
import { territoryChangesSchema, unknownBodyGroups, type TerritoryChanges } from '../../domain/territory-input';
import type { FieldErrors } from '../../templates/pages/fields';
import type { VocabularyValues } from '../../templates/pages/vocabulary';
import type { Territory } from '../../infra/db/prisma';
import { formErrors, schemaMessage } from './form-errors';

/** Blank rows offered to add groups and bodies. */
export const BLANK_ROWS = 2;

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const list = (value: unknown) => (Array.isArray(value) ? value.map(text) : value === undefined ? [] : [text(value)]);

/** What the page shows for a territory: its current words, plus blank rows. */
export function vocabularyValuesOf(territory: Territory): VocabularyValues {
  const groups = contactGroupsOf(territory.contactGroups);
  const bodies = bodiesOf(territory.bodies);
  return {
    nameArticle: territory.nameArticle === '' ? 'aucun' : (territory.nameArticle ?? ''),
    coordinatorFunction: territory.coordinatorFunction ?? '',
    cafAdviserFunction: territory.cafAdviserFunction ?? '',
    publishContactDetails: territory.publishContactDetails,
    groups: [...groups.map((g) => ({ key: g.key, label: g.label })), ...blank(() => ({ key: '', label: '' }))],
    bodies: [
      ...bodies.map((b) => ({
        key: b.key,
        name: b.name,
        shortName: b.shortName ?? '',
        description: b.description ?? '',
        roles: [...b.members.roles],
        groups: b.members.groups.map((key) => groups.find((g) => g.key === key)?.label ?? key).join(', '),
        meetsYearly: b.meetsYearly,
      })),
      ...blank(() => ({ key: '', name: '', shortName: '', description: '', roles: [], groups: '', meetsYearly: false })),
    ],
  };
}

const blank = <T>(row: () => T): T[] => Array.from({ length: BLANK_ROWS }, row);

export function readVocabularyForm(body: Record<string, unknown>): VocabularyValues {
  const rows = (prefix: string) => {
    const indexes = Object.keys(body)
      .map((name) => new RegExp(`^${prefix}(\\d{1,2})$`).exec(name)?.[1])
      .filter((i): i is string => i !== undefined)
      .map(Number);
    return [...new Set(indexes)].sort((a, b) => a - b);
  };
  return {
    nameArticle: text(body.nameArticle),
    coordinatorFunction: text(body.coordinatorFunction),
    cafAdviserFunction: text(body.cafAdviserFunction),
    publishContactDetails: text(body.publishContactDetails) === 'oui',
    groups: rows('groupLabel').map((i) => ({ key: text(body[`groupKey${i}`]), label: text(body[`groupLabel${i}`]) })),
    bodies: rows('bodyName').map((i) => ({
      key: text(body[`bodyKey${i}`]),
      name: text(body[`bodyName${i}`]),
      shortName: text(body[`bodyShort${i}`]),
      description: text(body[`bodyDescription${i}`]),
      roles: list(body[`bodyRoles${i}`]).filter((r) => (contactRoles as readonly string[]).includes(r)),
      groups: text(body[`bodyGroups${i}`]),
      meetsYearly: text(body[`bodyYearly${i}`]) === 'oui',
    })),
  };
}

/** The changes to save, or the errors keyed by the form's field names. */
export function parseVocabularyForm(values: VocabularyValues): { changes: TerritoryChanges } | { errors: FieldErrors } {
  const groupRows = values.groups.map((row, i) => ({ row, i })).filter(({ row }) => row.label);
  const contactGroups: ContactGroup[] = groupRows.map(({ row }) => ({ key: row.key || groupKeyOf(row.label), label: row.label }));
  const keyOfGroup = (said: string) => contactGroups.find((g) => g.label.toLowerCase() === said.toLowerCase())?.key ?? groupKeyOf(said);
  const bodyRows = values.bodies.map((row, i) => ({ row, i })).filter(({ row }) => row.name);
  const bodies: GovernanceBody[] = bodyRows.map(({ row }) => ({
    key: row.key || groupKeyOf(row.name),
    name: row.name,
    ...(row.shortName ? { shortName: row.shortName } : {}),
    ...(row.description ? { description: row.description } : {}),
    members: {
      roles: row.roles as GovernanceBody['members']['roles'],
      groups: row.groups
        .split(/[,;]/)
        .map((g) => g.trim())
        .filter(Boolean)
        .map(keyOfGroup),
    },
    meetsYearly: row.meetsYearly,
  }));
  const input = {
    nameArticle: values.nameArticle === 'aucun' ? '' : values.nameArticle || null,
    coordinatorFunction: values.coordinatorFunction || null,
    cafAdviserFunction: values.cafAdviserFunction || null,
    publishContactDetails: values.publishContactDetails,
    contactGroups,
    bodies,
  };
  // Paths of the API's schema, back to the form's row fields.
  const fieldOf = (path: readonly PropertyKey[]): string => {
    const [top, index, field, sub] = path;
    if (top === 'contactGroups' && typeof index === 'number') return `groupLabel${groupRows[index]?.i ?? 0}`;
    if (top === 'bodies' && typeof index === 'number') {
      const i = bodyRows[index]?.i ?? 0;
      if (field === 'members') return sub === 'roles' ? `bodyRoles${i}` : `bodyGroups${i}`;
      return { name: `bodyName${i}`, key: `bodyName${i}`, shortName: `bodyShort${i}`, description: `bodyDescription${i}` }[String(field)] ?? `bodyName${i}`;
    }
    return String(top ?? 'nameArticle');
  };
  const parsed = territoryChangesSchema.safeParse(input);
  const errors: FieldErrors = parsed.success ? {} : formErrors(parsed.error, fieldOf, schemaMessage);
  for (const unknown of unknownBodyGroups(bodies, contactGroups)) errors[fieldOf(unknown.path)] ??= unknown.message.replace(' (ajoutez-le à contactGroups)', ' : ajoutez-le aux groupes ci-dessus');
  if (Object.keys(errors).length || !parsed.success) return { errors };
  return { changes: parsed.data };
}
