// Imported rather than read from disk so that the bundle (npm run build) carries the values it
// was built from: dist/ has no package.json beside it and the version must not fall back to a guess.
import pkg from '../package.json' with { type: 'json' };

export const PACKAGE = {
  name: pkg.name,
  version: pkg.version,
  /** SPDX expression of the service's own licence. */
  license: pkg.license,
  /** Where the source code lives: the default of SOURCE_URL (AGPL-3.0 §13 asks a network service to offer it). */
  repository: pkg.repository.url,
} as const;
