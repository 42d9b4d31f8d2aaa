import { parseVocabularyForm, readVocabularyForm } from '../../api/forms/vocabulary-form';

describe('the territory’s words, as a form', () => {
  const form = {
    nameArticle: 'aucun',
    coordinatorFunction: ' Cheffe de projet ',
    cafAdviserFunction: '',
    groupKey0: 'agents',
    groupLabel0: 'Agents du territoire',
    groupKey1: '',
    groupLabel1: 'Bureau d’études',
    groupKey2: '',
    groupLabel2: '',
    bodyKey0: 'copil',
    bodyName0: 'Comité de pilotage',
    bodyShort0: 'COPIL',
    bodyDescription0: '',
    bodyRoles0: ['COPIL', 'ELU', 'INTRUS'],
    bodyGroups0: '',
    bodyYearly0: 'oui',
    bodyKey1: 'cotech',
    bodyName1: '', // emptied: removed
    bodyGroups1: '',
    bodyKey2: '',
    bodyName2: 'Comité des financeurs',
    bodyGroups2: 'bureau d’études; Agents du territoire',
  };

  it('reads rows, adds new ones by their name, and drops emptied ones', () => {
    const parsed = parseVocabularyForm(readVocabularyForm(form));
    expect('changes' in parsed && parsed.changes).toEqual({
      nameArticle: '',
      publishContactDetails: false,
      coordinatorFunction: 'Cheffe de projet',
      cafAdviserFunction: null,
      contactGroups: [
        { key: 'agents', label: 'Agents du territoire' },
        { key: 'bureau-d-etudes', label: 'Bureau d’études' },
      ],
      bodies: [
        { key: 'copil', name: 'Comité de pilotage', shortName: 'COPIL', members: { roles: ['COPIL', 'ELU'], groups: [] }, meetsYearly: true },
        { key: 'comite-des-financeurs', name: 'Comité des financeurs', members: { roles: [], groups: ['bureau-d-etudes', 'agents'] }, meetsYearly: false },
      ],
    });
  });

  it('names the field of each mistake, in French', () => {
    const parsed = parseVocabularyForm(readVocabularyForm({ ...form, bodyGroups2: 'Inconnus', bodyShort0: 'UN SIGLE BIEN TROP LONG' }));
    expect('errors' in parsed && parsed.errors).toEqual({
      bodyShort0: expect.stringMatching(/20/),
      bodyGroups2: 'groupe « inconnus » inconnu du territoire : ajoutez-le aux groupes ci-dessus',
    });
  });
});
