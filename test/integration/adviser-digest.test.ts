// The Caf adviser's weekly digest through a real SMTP server: asked from their account page, it lists
// their Caf's renewals due, late steps and next meetings (the committee, with its registrations), and
// nothing of another Caf; choosing the digest only stops the single notices.
import { coordinatorAndAdviserFor } from '../../activities/recipients';
import { createPortfolio } from '../support/portfolio';
import { startTestStack, type TestStack } from '../support/stack';
import { waitFor } from '../support/factories';

describe('the adviser’s weekly digest', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
    await createPortfolio(stack.db.prisma);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const post = (path: string, token: string, fields: [string, string][] = []) =>
    fetch(`${stack.baseUrl}${path}`, { method: 'POST', redirect: 'manual', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

  it('sends the adviser their Caf’s week, and only theirs', async () => {
    const { user, token } = await stack.createUser('CAF_ADVISER', { cafName: 'Caf de l’Aveyron', email: 'conseil@caf12.example.org' });
    // Digest only, from the account page.
    expect((await post('/compte/messages', token, [['notices', 'DIGEST']])).status).toBe(303);
    expect((await stack.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).notices).toBe('DIGEST');
    expect((await post('/compte/messages', token, [['notices', 'TOUT']])).status).toBe(400);

    // A double click within the minute sends one email (asked again a minute later, it is a new request).
    if (new Date().getSeconds() > 50) await new Promise((resolve) => setTimeout(resolve, 11_000));
    expect((await post('/compte/resume', token)).status).toBe(303);
    expect((await post('/compte/resume', token)).status).toBe(303);
    const [mail] = await waitFor('the digest', async () => {
      const mails = stack.smtp!.received.filter((m) => m.envelope.to[0] === 'conseil@caf12.example.org');
      return mails.length ? mails : null;
    }, 60_000);
    expect(mail!.parsed.subject).toBe('Votre semaine CTG — Caf de l’Aveyron');
    const text = mail!.parsed.text ?? '';
    expect(text).toMatch(/Étapes en retard \(2\)[\s\S]*Lévézou Pareloup : retard-0/);
    expect(text).toMatch(/Rencontres des 30 prochains jours \(3\)[\s\S]*Comité de pilotage — 0 inscrit\(s\)/);
    expect(text).toMatch(/Renouvellements à lancer \(1\)[\s\S]*Larzac et Vallées : la CTG finit le /);
    expect(text).not.toContain('Enquête familles');
    expect(text).not.toContain('Entretien avec la mairie');
    expect(text).not.toContain('Causse de Gramat');
    expect(text).toContain(`${stack.baseUrl}/portefeuille`);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(stack.smtp!.received.filter((m) => m.envelope.to[0] === 'conseil@caf12.example.org')).toHaveLength(1);

    // Digest only: the single notices (phase changes, late steps, renewals) leave them out, not the coordinator.
    const territory = await stack.db.prisma.territory.update({ where: { id: (await stack.db.prisma.territory.findFirstOrThrow({ where: { name: 'Larzac et Vallées' } })).id }, data: { cafAdviserEmail: 'Conseil@caf12.example.org', cafAdviserName: 'Conseil' } });
    expect((await coordinatorAndAdviserFor(stack.db.prisma, territory)).map((r) => r.email)).toEqual([territory.coordinatorEmail]);
    await post('/compte/messages', token, [['notices', 'BOTH']]);
    expect((await coordinatorAndAdviserFor(stack.db.prisma, territory)).map((r) => r.email)).toEqual([territory.coordinatorEmail, 'Conseil@caf12.example.org']);
  });
});
