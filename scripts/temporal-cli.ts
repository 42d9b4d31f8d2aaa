// Prints the path of the `temporal` CLI, building it with Go if needed (used by .ci/run and by hand).
import { resolveTemporalCli } from '../infra/temporal/cli';

resolveTemporalCli({ log: (m) => process.stderr.write(`${m}\n`) })
  .then((cli) => {
    if (!cli) {
      process.stderr.write(
        'Aucun CLI temporal trouvé (ni TEMPORAL_CLI_PATH, ni PATH, ni Go) : le SDK le téléchargera au démarrage (Internet requis).\n',
      );
      process.exit(0);
    }
    process.stdout.write(`${cli.path}\n`);
  })
  .catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
