// The NCALayer emulator signs with throwaway test keys on anyone's behalf; in production it would
// be a forgery machine. Three locks: this folder is excluded from the production build (dist has
// no emulator), every emulator module calls assertNotProduction() when it is loaded, and the
// server calls it again when constructed.

export class EmulatorInProductionError extends Error {
  constructor() {
    super(
      'The NCALayer emulator must never run in production (NODE_ENV=production). ' +
        'It signs with the throwaway keys of certs/test-pki; users sign with the real NCALayer.',
    );
    this.name = 'EmulatorInProductionError';
  }
}

export function isProductionEnvironment(): boolean {
  // A development tool outside the Nest app: it has no AppConfig, so it reads NODE_ENV directly.
  // eslint-disable-next-line no-restricted-properties
  return (process.env.NODE_ENV ?? '').trim().toLowerCase() === 'production';
}

export function assertNotProduction(): void {
  if (isProductionEnvironment()) throw new EmulatorInProductionError();
}
