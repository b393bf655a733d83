import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, StudyParamsSchema } from '../schemas/common';
import { CommentsSchema, CreateRoundSchema, ParticipationSchema, ResultsSchema, RoundParamsSchema, RoundSchema } from '../schemas/round';
import { participation, roundComments, roundResults } from '../services/results-service';
import { closeRound, createRound, itemFlow, listStudyRounds, openRound, roundView } from '../services/round-service';
import { facilitatorSession } from '../openapi';
import { roundOf, studyOf } from '../plugins/auth';

const routes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.now().toISOString();

  app.get(
    '/studies/:studyId/rounds',
    {
      config: { access: { study: 'read' } },
      schema: {
        operationId: 'listRounds',
        security: facilitatorSession,
        tags: ['rounds'],
        summary: 'Rounds of a study',
        params: StudyParamsSchema,
        response: { 200: z.array(RoundSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { study } = studyOf(request);
      return await listStudyRounds(app.db, study);
    },
  );

  app.post(
    '/studies/:studyId/rounds',
    {
      config: { access: { study: 'write' } },
      schema: {
        operationId: 'createRound',
        security: facilitatorSession,
        tags: ['rounds'],
        summary: 'Plan the next round as a draft: carry, reword, drop or retire each previous item and add new ones',
        params: StudyParamsSchema,
        body: CreateRoundSchema,
        response: { 201: RoundSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { study, facilitatorId } = studyOf(request);
      const { round } = await createRound(app.db, study, request.body, facilitatorId);
      return reply.code(201).send(round);
    },
  );

  app.get(
    '/rounds/:roundId',
    {
      config: { access: { round: 'read' } },
      schema: {
        operationId: 'getRound',
        security: facilitatorSession,
        tags: ['rounds'],
        summary: 'One round',
        params: RoundParamsSchema,
        response: { 200: RoundSchema, ...errorResponses },
      },
    },
    async (request) => await roundView(app.db, roundOf(request).round),
  );

  app.post(
    '/rounds/:roundId/open',
    {
      config: { access: { round: 'write' } },
      schema: {
        operationId: 'openRound',
        security: facilitatorSession,
        tags: ['rounds'],
        summary: 'Open a draft round; opening round 1 locks the consensus protocol',
        params: RoundParamsSchema,
        response: { 200: RoundSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { round, study, facilitatorId } = roundOf(request);
      const opened = await openRound(app.db, study, round, facilitatorId, now());
      app.live.publish(opened.event);
      return opened.round;
    },
  );

  app.post(
    '/rounds/:roundId/close',
    {
      config: { access: { round: 'write' } },
      schema: {
        operationId: 'closeRound',
        security: facilitatorSession,
        tags: ['rounds'],
        summary: 'Close the round: freeze answers, compute statistics and outcomes, release feedback (409 if not open)',
        params: RoundParamsSchema,
        response: { 200: RoundSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { round, study, facilitatorId } = roundOf(request);
      const closed = await closeRound(app.db, study, round, facilitatorId, now());
      app.live.publish(closed.event);
      return closed.round;
    },
  );

  app.get(
    '/rounds/:roundId/participation',
    {
      config: { access: { round: 'read' } },
      schema: {
        operationId: 'getParticipation',
        security: facilitatorSession,
        tags: ['rounds'],
        summary: 'Participation overall and per subgroup, and who has not answered (counts only in strict anonymity)',
        params: RoundParamsSchema,
        response: { 200: ParticipationSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { round, study } = roundOf(request);
      return await participation(app.db, study, round);
    },
  );

  app.get(
    '/rounds/:roundId/results',
    {
      config: { access: { round: 'read' } },
      schema: {
        operationId: 'getResults',
        security: facilitatorSession,
        tags: ['rounds'],
        summary: 'Per-item statistics and outcomes: provisional while open (strict anonymity: released in batches of k answers), frozen after close',
        params: RoundParamsSchema,
        response: { 200: ResultsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { round, study } = roundOf(request);
      return await roundResults(app.db, study, round, now());
    },
  );

  app.get(
    '/rounds/:roundId/comments',
    {
      config: { access: { round: 'read' } },
      schema: {
        operationId: 'getComments',
        security: facilitatorSession,
        tags: ['rounds'],
        summary: 'Comments and ideas of the round, without who wrote them',
        params: RoundParamsSchema,
        response: { 200: CommentsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { round, study } = roundOf(request);
      return await roundComments(app.db, study, round);
    },
  );

  app.get(
    '/studies/:studyId/item-flow',
    {
      config: { access: { study: 'read' } },
      schema: {
        operationId: 'getItemFlow',
        security: facilitatorSession,
        tags: ['rounds'],
        summary: 'Every decision about items between rounds (carry, reword, add, drop, retire) with its reason',
        params: StudyParamsSchema,
        response: {
          200: z.array(
            z.object({
              roundId: z.number().int(),
              itemId: z.number().int(),
              action: z.string(),
              itemVersionId: z.number().int().nullable(),
              reason: z.string().nullable(),
              sourceIdeaIds: z.array(z.number().int()),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { study } = studyOf(request);
      return await itemFlow(app.db, study);
    },
  );
};
export default routes;
