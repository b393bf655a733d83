import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BlockParamsSchema, BlockSchema, CreateBlockSchema, SetThresholdSchema, UpdateBlockSchema } from '../schemas/blocks';
import { OkSchema } from '../schemas/common';
import { addBlock, changeBlock, listRoundBlocks, removeBlock, setBlockThreshold } from '../services/block-service';
import { roundOf } from '../plugins/auth';
import { roundRoute } from './route-options';

/** A round's question blocks (ranking, relations): planned while the round is a draft. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/rounds/:roundId/blocks',
    roundRoute('read', {
      operationId: 'listBlocks',
      tags: ['rounds'],
      summary: 'The question blocks of a round, in order',
      response: { 200: z.array(BlockSchema) },
    }),
    async (request) => await listRoundBlocks(app.db, roundOf(request).round),
  );

  app.post(
    '/rounds/:roundId/blocks',
    roundRoute('write', {
      operationId: 'addBlock',
      tags: ['rounds'],
      summary: 'Add a question block (e.g. a ranking) to a draft round; 409 once the round has opened',
      body: CreateBlockSchema,
      response: { 201: BlockSchema },
    }),
    async (request, reply) => {
      const { study, round, facilitatorId } = roundOf(request);
      return reply.code(201).send(await addBlock(app.db, study, round, request.body, facilitatorId));
    },
  );

  app.put(
    '/rounds/:roundId/blocks/:blockId',
    roundRoute('write', {
      operationId: 'updateBlock',
      tags: ['rounds'],
      summary: "Change a block's place, settings or instructions while the round is a draft",
      params: BlockParamsSchema,
      body: UpdateBlockSchema,
      response: { 200: BlockSchema },
    }),
    async (request) => {
      const { study, round, facilitatorId } = roundOf(request);
      return await changeBlock(app.db, study, round, request.params.blockId, request.body, facilitatorId);
    },
  );

  app.put(
    '/rounds/:roundId/blocks/:blockId/threshold',
    roundRoute('write', {
      operationId: 'setBlockThreshold',
      tags: ['rounds'],
      summary: "Set the influence-map threshold of a closed round's relations block (null: α, the mean of T); the frozen result is kept",
      params: BlockParamsSchema,
      body: SetThresholdSchema,
      response: { 200: BlockSchema },
    }),
    async (request) => {
      const { study, round, facilitatorId } = roundOf(request);
      return await setBlockThreshold(app.db, study, round, request.params.blockId, request.body.threshold, facilitatorId);
    },
  );

  app.delete(
    '/rounds/:roundId/blocks/:blockId',
    roundRoute('write', {
      operationId: 'removeBlock',
      tags: ['rounds'],
      summary: 'Remove a block from a draft round',
      params: BlockParamsSchema,
      response: { 200: OkSchema },
    }),
    async (request) => {
      const { study, round, facilitatorId } = roundOf(request);
      await removeBlock(app.db, study, round, request.params.blockId, facilitatorId);
      return { ok: true as const };
    },
  );
};
export default routes;
