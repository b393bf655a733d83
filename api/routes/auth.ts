import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CreateFacilitatorSchema, CreatedFacilitatorSchema, ChangePasswordSchema, MeSchema, SignInSchema, UpdateMeSchema } from '../schemas/auth';
import { errorResponses, OkSchema } from '../schemas/common';
import { errors } from '../errors';
import { authenticate, changePassword, createFacilitator, profileOf, recordSignIn, recordSignOut, setLanguage } from '../services/facilitator-service';
import { facilitatorSession, noSession } from '../openapi';
import { requireFacilitator } from '../plugins/auth';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/sign-in',
    {
      config: { public: true },
      schema: {
        operationId: 'signIn',
        security: noSession,
        tags: ['facilitators'],
        summary: 'Sign in; sets an httpOnly session cookie (repeated failures from one address get 429)',
        body: SignInSchema,
        response: { 200: MeSchema, ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (request, reply) => {
      app.attempts.check(request, 'sign-in');
      // Counted before the (slow, awaited) password check, so parallel guesses cannot all slip
      // past the limit; taken back when the password is right.
      app.attempts.fail(request, 'sign-in');
      const f = await authenticate(app.db, request.body.email, request.body.password, app.now());
      app.attempts.forgive(request, 'sign-in');
      await app.endSession(request, reply); // rotate: never keep a session id from before sign-in
      await app.startSession(reply, { facilitatorId: f.id });
      await recordSignIn(app.db, f);
      return profileOf(f);
    },
  );

  app.post(
    '/sign-out',
    {
      config: { public: true },
      schema: { operationId: 'signOut', security: noSession, tags: ['facilitators'], summary: 'Sign out and end the session', response: { 200: OkSchema } },
    },
    async (request, reply) => {
      if (request.facilitator) await recordSignOut(app.db, request.facilitator);
      await app.endSession(request, reply);
      return { ok: true as const };
    },
  );

  app.get(
    '/me',
    {
      schema: {
        operationId: 'getMe',
        security: facilitatorSession,
        tags: ['facilitators'],
        summary: 'The signed-in facilitator',
        response: { 200: MeSchema, ...errorResponses },
      },
    },
    async (request) => profileOf(requireFacilitator(request)),
  );

  app.patch(
    '/me',
    {
      schema: {
        operationId: 'updateMe',
        security: facilitatorSession,
        tags: ['facilitators'],
        summary: 'Change your own settings: the console language',
        body: UpdateMeSchema,
        response: { 200: MeSchema, ...errorResponses },
      },
    },
    async (request) => setLanguage(app.db, requireFacilitator(request), request.body.language),
  );

  app.post(
    '/password',
    {
      schema: {
        operationId: 'changePassword',
        security: facilitatorSession,
        tags: ['facilitators'],
        summary: 'Change your password (required after a one-time password)',
        body: ChangePasswordSchema,
        response: { 200: OkSchema, ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const f = requireFacilitator(request);
      app.attempts.check(request, 'sign-in');
      app.attempts.fail(request, 'sign-in');
      await changePassword(app.db, f.id, request.body.currentPassword, request.body.newPassword, app.now());
      app.attempts.forgive(request, 'sign-in');
      await app.startSession(reply, { facilitatorId: f.id });
      return { ok: true as const };
    },
  );

  app.post(
    '/facilitators',
    {
      schema: {
        operationId: 'createFacilitator',
        security: facilitatorSession,
        tags: ['facilitators'],
        summary: 'Create a facilitator account (admins only); returns a one-time password',
        body: CreateFacilitatorSchema,
        response: { 201: CreatedFacilitatorSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const admin = requireFacilitator(request);
      if (!admin.isAdmin) throw errors.forbidden('Only administrators can create accounts.');
      const { facilitator, oneTimePassword, expiresAt } = await createFacilitator(app.db, request.body, admin.id, {
        now: app.now(),
        ttlMs: app.oneTimePasswordTtlMs,
      });
      return reply.code(201).send({ ...profileOf(facilitator), oneTimePassword, oneTimePasswordExpiresAt: expiresAt! });
    },
  );
};
export default routes;
