import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PanelSessionSchema } from '../schemas/auth';
import { errorResponses, OkSchema } from '../schemas/common';
import {
  IdeaBodySchema,
  InvitationPreviewSchema,
  IdempotencyHeaderSchema,
  PanelistFeedbackSchema,
  PanelistMeSchema,
  PanelistRoundSchema,
  SaveAnswerParamsSchema,
  SaveAnswerSchema,
  SavedAnswerSchema,
  UpdatePanelistMeSchema,
} from '../schemas/panelist';
import { RoundParamsSchema } from '../schemas/round';
import { PanelistBlockParamsSchema, SaveBlockAnswersSchema, SavedBlockAnswersSchema } from '../schemas/blocks';
import { saveBlockAnswers } from '../services/block-answer-service';
import { previewInvitation, withdrawSelf } from '../services/panel-service';
import { panelistFeedback, panelistMe, panelistRound, redeemToken, updateOwnSettings } from '../services/panelist-view-service';
import { addIdea, saveAnswer } from '../services/response-service';
import { noSession, panelistSession } from '../openapi';
import { panelistSessionOf, requirePanelist } from '../plugins/auth';

/** Routes a panelist's browser calls, under /api/panelist. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.now().toISOString();

  app.post(
    '/session',
    {
      config: { public: true },
      schema: {
        operationId: 'startPanelistSession',
        security: noSession,
        tags: ['panelists'],
        summary:
          'Exchange an invitation token for a panelist session cookie. Unknown, revoked and withdrawn tokens get the ' +
          'same 401; repeated failures from one address get 429.',
        body: PanelSessionSchema,
        response: { 200: PanelistMeSchema, ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (request, reply) => {
      app.attempts.check(request, 'token');
      let redeemed;
      try {
        redeemed = await redeemToken(app.db, request.body.token, app.now(), app.invitationTtlMs);
      } catch (e) {
        app.attempts.fail(request, 'token');
        throw e;
      }
      await app.endSession(request, reply);
      await app.startSession(reply, { panelistId: redeemed.panelist.id });
      return redeemed.me;
    },
  );

  app.post(
    '/invitation',
    {
      config: { public: true },
      schema: {
        operationId: 'readInvitation',
        security: noSession,
        tags: ['panelists'],
        summary: 'Read an invitation without using it (title, aim, time needed, how anonymity works), for the welcome page. Same 401 and 429 as /session.',
        body: PanelSessionSchema,
        response: { 200: InvitationPreviewSchema, ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (request) => {
      app.attempts.check(request, 'token');
      try {
        return await previewInvitation(app.db, request.body.token, app.now(), app.invitationTtlMs);
      } catch (e) {
        app.attempts.fail(request, 'token');
        throw e;
      }
    },
  );

  app.get(
    '/me',
    {
      schema: {
        operationId: 'getPanelistMe',
        security: panelistSession,
        tags: ['panelists'],
        summary: 'The study and your place in it',
        response: { 200: PanelistMeSchema, ...errorResponses },
      },
    },
    async (request) => await panelistMe(app.db, requirePanelist(request)),
  );

  app.patch(
    '/me',
    {
      schema: {
        operationId: 'updatePanelistMe',
        security: panelistSession,
        tags: ['panelists'],
        summary: 'Change your language, or turn e-mail reminders off or on',
        body: UpdatePanelistMeSchema,
        response: { 200: PanelistMeSchema, ...errorResponses },
      },
    },
    async (request) => {
      return await updateOwnSettings(app.db, requirePanelist(request), request.body);
    },
  );

  app.get(
    '/round',
    {
      schema: {
        operationId: 'getOpenRound',
        security: panelistSession,
        tags: ['panelists'],
        summary: 'The open round: items in your language, your answers, and last round’s feedback (in a real-time round: the released snapshots)',
        response: { 200: PanelistRoundSchema, ...errorResponses },
      },
    },
    async (request) => await panelistRound(app.db, requirePanelist(request), now()),
  );

  app.get(
    '/rounds/:roundId/feedback',
    {
      schema: {
        operationId: 'getFeedback',
        security: panelistSession,
        tags: ['panelists'],
        summary: 'How the panel answered in a closed round, next to your own answers',
        params: RoundParamsSchema,
        response: { 200: PanelistFeedbackSchema, ...errorResponses },
      },
    },
    async (request) => await panelistFeedback(app.db, requirePanelist(request), request.params.roundId),
  );

  app.put(
    '/answers/:itemVersionId',
    {
      config: { panelistSessionInHandler: true },
      schema: {
        operationId: 'saveAnswer',
        security: panelistSession,
        tags: ['panelists'],
        summary: 'Save or revise your answer to one item (needs an Idempotency-Key header). 409 once the round has closed.',
        params: SaveAnswerParamsSchema,
        headers: IdempotencyHeaderSchema,
        body: SaveAnswerSchema,
        response: { 200: SavedAnswerSchema, ...errorResponses, 422: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const sessionHash = panelistSessionOf(request);
      const saved = await saveAnswer(app.db, { sessionHash }, request.params.itemVersionId, request.body, request.headers['idempotency-key'], now());
      // A replay changed nothing, so it signals nothing; both answer 200 with the same body.
      if (saved.outcome === 'saved') {
        if (saved.batched) app.releases.answersArrived(saved.studyId, saved.roundId, saved.realtime);
        if (saved.dashboards) app.live.answersChanged(saved.studyId, saved.roundId);
      }
      return reply.code(200).send(saved.answer);
    },
  );

  app.put(
    '/blocks/:blockId/answers',
    {
      schema: {
        operationId: 'saveBlockAnswers',
        security: panelistSession,
        tags: ['panelists'],
        summary: 'Save your answers to one question block: a whole ranking, or one or more relations (needs an Idempotency-Key header). 409 once closed.',
        params: PanelistBlockParamsSchema,
        headers: IdempotencyHeaderSchema,
        body: SaveBlockAnswersSchema,
        response: { 200: SavedBlockAnswersSchema, ...errorResponses, 422: errorResponses[400] },
      },
    },
    async (request) => {
      const p = requirePanelist(request);
      const saved = await saveBlockAnswers(app.db, p, request.params.blockId, request.body, request.headers['idempotency-key'], now());
      if (saved.outcome === 'saved' && saved.dashboards) app.live.answersChanged(p.studyId, saved.roundId);
      return saved.reply;
    },
  );

  app.post(
    '/ideas',
    {
      schema: {
        operationId: 'addIdea',
        security: panelistSession,
        tags: ['panelists'],
        summary: 'Add an idea in an open-ended round',
        body: IdeaBodySchema,
        response: { 201: z.object({ id: z.number().int(), text: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const idea = await addIdea(app.db, requirePanelist(request), request.body.text, request.body.categoryId, now());
      return reply.code(201).send(idea);
    },
  );

  app.post(
    '/withdraw',
    {
      schema: {
        operationId: 'withdraw',
        security: panelistSession,
        tags: ['panelists'],
        summary: 'Leave the study; your link stops working',
        response: { 200: OkSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = requirePanelist(request);
      app.live.dropPanelist(await withdrawSelf(app.db, p, now()));
      await app.endSession(request, reply);
      return { ok: true as const };
    },
  );

  app.post(
    '/sign-out',
    {
      config: { public: true },
      schema: {
        operationId: 'signOutPanelist',
        security: noSession,
        tags: ['panelists'],
        summary: 'End this browser’s session',
        response: { 200: OkSchema },
      },
    },
    async (request, reply) => {
      await app.endSession(request, reply);
      return { ok: true as const };
    },
  );
};
export default routes;
