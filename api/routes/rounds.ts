import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CommentsSchema, CreateRoundSchema, ParticipationSchema, ResultsSchema, RoundSchema } from '../schemas/round';
import { participation, roundComments, roundResults } from '../services/results-service';
import { closeRound, createRound, itemFlow, listStudyRounds, openRound, roundView } from '../services/round-service';
import { roundRoute, studyRoute } from './route-options';
import { ItemHistoryParamsSchema, ItemHistorySchema } from '../schemas/item-history';
import { itemHistory } from '../services/item-history-service';
import { roundOf, studyOf } from '../plugins/auth';

const routes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.now().toISOString();

  app.get(
    '/studies/:studyId/rounds',
    studyRoute('read', {
      operationId: 'listRounds',
      tags: ['rounds'],
      summary: 'Rounds of a study',
      response: { 200: z.array(RoundSchema) },
    }),
    async (request) => {
      const { study } = studyOf(request);
      return await listStudyRounds(app.db, study);
    },
  );

  app.post(
    '/studies/:studyId/rounds',
    studyRoute('write', {
      operationId: 'createRound',
      tags: ['rounds'],
      summary: 'Plan the next round as a draft: carry, reword, drop or retire each previous item and add new ones',
      body: CreateRoundSchema,
      response: { 201: RoundSchema },
    }),
    async (request, reply) => {
      const { study, facilitatorId } = studyOf(request);
      const { round } = await createRound(app.db, study, request.body, facilitatorId);
      return reply.code(201).send(round);
    },
  );

  app.get(
    '/rounds/:roundId',
    roundRoute('read', {
      operationId: 'getRound',
      tags: ['rounds'],
      summary: 'One round',
      response: { 200: RoundSchema },
    }),
    async (request) => await roundView(app.db, roundOf(request).round),
  );

  app.post(
    '/rounds/:roundId/open',
    roundRoute('write', {
      operationId: 'openRound',
      tags: ['rounds'],
      summary: 'Open a draft round; opening round 1 locks the consensus protocol',
      response: { 200: RoundSchema },
    }),
    async (request) => {
      const { round, study, facilitatorId } = roundOf(request);
      const opened = await openRound(app.db, study, round, facilitatorId, now());
      app.live.publish(opened.event);
      return opened.round;
    },
  );

  app.post(
    '/rounds/:roundId/close',
    roundRoute('write', {
      operationId: 'closeRound',
      tags: ['rounds'],
      summary: 'Close the round: freeze answers, compute statistics and outcomes, release feedback (409 if not open)',
      response: { 200: RoundSchema },
    }),
    async (request) => {
      const { round, study, facilitatorId } = roundOf(request);
      const closed = await closeRound(app.db, study, round, facilitatorId, now());
      app.live.publish(closed.event);
      return closed.round;
    },
  );

  app.get(
    '/rounds/:roundId/participation',
    roundRoute('read', {
      operationId: 'getParticipation',
      tags: ['rounds'],
      summary: 'Participation overall and per subgroup, and who has not answered (counts only in strict anonymity)',
      response: { 200: ParticipationSchema },
    }),
    async (request) => {
      const { round, study } = roundOf(request);
      return await participation(app.db, study, round);
    },
  );

  app.get(
    '/rounds/:roundId/results',
    roundRoute('read', {
      operationId: 'getResults',
      tags: ['rounds'],
      summary: 'Per-item statistics and outcomes: provisional while open (strict anonymity: released in batches of k answers), frozen after close',
      response: { 200: ResultsSchema },
    }),
    async (request) => {
      const { round, study } = roundOf(request);
      return await roundResults(app.db, study, round, now());
    },
  );

  app.get(
    '/rounds/:roundId/comments',
    roundRoute('read', {
      operationId: 'getComments',
      tags: ['rounds'],
      summary: 'Comments and ideas of the round, without who wrote them',
      response: { 200: CommentsSchema },
    }),
    async (request) => {
      const { round, study } = roundOf(request);
      return await roundComments(app.db, study, round);
    },
  );

  app.get(
    '/studies/:studyId/item-flow',
    studyRoute('read', {
      operationId: 'getItemFlow',
      tags: ['rounds'],
      summary: 'Every decision about items between rounds (carry, reword, add, drop, retire, merge, split) with its reason and lineage',
      response: {
        200: z.array(
          z.object({
            roundId: z.number().int(),
            itemId: z.number().int(),
            action: z.string(),
            itemVersionId: z.number().int().nullable(),
            reason: z.string().nullable(),
            sourceIdeaIds: z.array(z.number().int()),
            linkedItemIds: z
              .array(z.number().int())
              .describe('merge, split: the items this one became; merged, split_off: the items this new one came from; otherwise empty'),
          }),
        ),
      },
    }),
    async (request) => {
      const { study } = studyOf(request);
      return await itemFlow(app.db, study);
    },
  );

  app.get(
    '/studies/:studyId/items/:itemId/history',
    studyRoute('read', {
      operationId: 'getItemHistory',
      tags: ['rounds'],
      summary: 'One item from its first wording to what became of it: versions, the comments and ideas behind them, and every decision with who took it',
      params: ItemHistoryParamsSchema,
      response: { 200: ItemHistorySchema },
    }),
    async (request) => {
      const { study } = studyOf(request);
      return await itemHistory(app.db, study, request.params.itemId);
    },
  );
};
export default routes;
