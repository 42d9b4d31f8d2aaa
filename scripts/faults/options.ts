// `npm run faults`' options and its scenarios' names.
import path from 'node:path';
import { checkArguments, fileStamp, integerOption, readOption } from '../lib/cli-options';
import { repoRoot } from '../lib/repo-root';

export const SCENARIOS = ['registrations', 'bad-inputs', 'tenancy', 'security', 'worker-kill', 'smtp-down', 'pg-cut', 'pg-blackhole', 'temporal-restart'] as const;
export type Scenario = (typeof SCENARIOS)[number];

const USAGE = `npm run faults -- [options]
  --only=a,b              scenarios to run, among: ${SCENARIOS.join(', ')} (default: all)
  --territories=20        worker-kill fan-out: territories …
  --partners=100          … × partners each (20 × 100 = 2,000 invitations)
  --kills=3               worker-kill: SIGKILLs during the fan-out
  --smtp-territories=10   smtp-down fan-out: territories …
  --smtp-partners=100     … × partners each
  --smtp-down=60          smtp-down: seconds the SMTP server stays down
  --pg-down=20            pg-cut, pg-blackhole: seconds without PostgreSQL
  --temporal-down=10      temporal-restart: seconds the Temporal server stays dead before it is started again
  --outage-partners=20    invitations falling due during each outage
  --people=200            registrations: concurrent requests …
  --seats=30              … for this many seats
  --cancellations=10      registrations: seats given back afterwards (each promotes one)
  --seed=1                bad-inputs: the generator's seed
  --json=PATH             where to write the JSON (default bench-results/faults-<date>.json)`;

export function parseOptions() {
  checkArguments(['only', 'territories', 'partners', 'kills', 'smtp-territories', 'smtp-partners', 'smtp-down', 'pg-down', 'temporal-down', 'outage-partners', 'people', 'seats', 'cancellations', 'seed', 'json'], USAGE);
  const integer = (name: string, fallback: number, min = 0) => integerOption(name, readOption(name), fallback, min, USAGE);
  const only = (readOption('only') ?? SCENARIOS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of only) if (!SCENARIOS.includes(s as Scenario)) throw new Error(`--only: unknown scenario "${s}"\n\n${USAGE}`);
  return {
    only: SCENARIOS.filter((s) => only.includes(s)),
    territories: integer('territories', 20, 1),
    partners: integer('partners', 100, 1),
    kills: integer('kills', 3, 0),
    smtpTerritories: integer('smtp-territories', 10, 1),
    smtpPartners: integer('smtp-partners', 100, 1),
    smtpDown: integer('smtp-down', 60, 1),
    pgDown: integer('pg-down', 20, 1),
    temporalDown: integer('temporal-down', 10, 0),
    outagePartners: integer('outage-partners', 20, 1),
    people: integer('people', 200, 1),
    seats: integer('seats', 30, 1),
    cancellations: integer('cancellations', 10, 0),
    seed: integer('seed', 1, 0),
    json: path.resolve(readOption('json') ?? path.join(repoRoot, 'bench-results', `faults-${fileStamp()}.json`)),
  };
}
export type Options = ReturnType<typeof parseOptions>;
