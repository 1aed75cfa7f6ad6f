/** The package's version (package.json), for `--version` of the bins. */
import manifest from '../package.json' with { type: 'json' };

export const packageVersion: string = manifest.version;
