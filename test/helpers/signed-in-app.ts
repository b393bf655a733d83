import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach } from 'vitest';
import { build, caller, signedInFacilitator, type TestApp } from './build';

export interface SignedInApp {
  /** The current test's app (a test may swap in another and put it back). */
  t: TestApp;
  /** The cookie `call` sends: the owner's session unless a test signs in someone else. */
  fac: string;
  /** An injecting caller that sends `fac` unless told otherwise (see `caller`). */
  readonly call: ReturnType<typeof caller>;
}

/**
 * A fresh app for every test of the calling file or `describe` block: registers the beforeEach
 * that makes it and the afterEach that closes it. Hooks a test file registers before this call
 * run before the app is made and after it is closed.
 */
export function appPerTest(make: () => Promise<TestApp> = () => build()): { t: TestApp } {
  const ctx = { t: undefined as unknown as TestApp };
  let made: TestApp | undefined;
  beforeEach(async () => {
    made = ctx.t = await make();
  });
  afterEach(() => made?.close());
  return ctx;
}

/** appPerTest() with the owner signed in: `ctx.call(...)` sends the owner's cookie. */
export function signedInAppPerTest(make: () => Promise<TestApp> = () => build()): SignedInApp {
  const ctx: SignedInApp = Object.assign(appPerTest(make), {
    fac: '',
    call: caller(
      () => ctx.t,
      () => ctx.fac,
    ),
  });
  beforeEach(async () => {
    ctx.fac = (await signedInFacilitator(ctx.t)).cookie;
  });
  return ctx;
}

/** signedInAppPerTest() whose app also listens on a free loopback port, for real HTTP and websocket clients. */
export function listeningAppPerTest(): SignedInApp & { readonly host: string } {
  const ctx = signedInAppPerTest(async () => {
    const t = await build();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    return t;
  });
  return Object.defineProperty(ctx, 'host', { get: () => `127.0.0.1:${(ctx.t.app.server.address() as AddressInfo).port}` }) as SignedInApp & {
    readonly host: string;
  };
}
