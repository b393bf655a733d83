import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, IdSchema, OkSchema, StudyParamsSchema, StudyRefSchema } from '../schemas/common';
import { ProtocolSchema } from '../schemas/protocol';
import {
  AddMemberSchema,
  CategorySchema,
  CreateCategorySchema,
  CreateItemSchema,
  CreateStudySchema,
  ItemSchema,
  MemberSchema,
  PresetQuerySchema,
  StudySchema,
  StudySummarySchema,
  UpdateItemSchema,
  UpdateStudySchema,
  ItemsCsvBodySchema,
} from '../schemas/study';
import { errors } from '../errors';
import { presetProtocol, PRESET_NAMES } from '../stats';
import { removeMember, setMember, studyMembers } from '../services/member-service';
import { addCategory, addItem, closeStudy, createStudy, editItem, editStudy, importItems, setProtocol } from '../services/study-service';
import { listStudiesFor, studyAuditLog, studyCategories, studyItems, ruleReading, studyView } from '../services/study-view-service';
import { facilitatorSession } from '../openapi';
import { requireFacilitator, studyOf } from '../plugins/auth';

const ItemParams = StudyParamsSchema.extend({ itemId: IdSchema });

const routes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.now().toISOString();

  app.get(
    '/studies',
    {
      schema: {
        operationId: 'listStudies',
        security: facilitatorSession,
        tags: ['studies'],
        summary: 'Studies you are a member of (all studies for admins)',
        response: { 200: z.array(StudySummarySchema), ...errorResponses },
      },
    },
    async (request) => {
      return await listStudiesFor(app.db, requireFacilitator(request));
    },
  );

  app.post(
    '/studies',
    {
      schema: {
        operationId: 'createStudy',
        security: facilitatorSession,
        tags: ['studies'],
        summary: 'Create a study; you become its owner',
        body: CreateStudySchema,
        response: { 201: StudySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const f = requireFacilitator(request);
      return reply.code(201).send(studyView(await createStudy(app.db, request.body, f.id), 'owner'));
    },
  );

  app.get(
    '/studies/:studyId',
    {
      config: { access: { study: 'read' } },
      schema: {
        operationId: 'getStudy',
        security: facilitatorSession,
        tags: ['studies'],
        summary: 'A study, by id or slug',
        params: StudyParamsSchema,
        response: { 200: StudySchema, ...errorResponses },
      },
    },
    async (request) => {
      const { study, role } = studyOf(request);
      return studyView(study, role);
    },
  );

  app.patch(
    '/studies/:studyId',
    {
      config: { access: { study: 'write' } },
      schema: {
        operationId: 'updateStudy',
        security: facilitatorSession,
        tags: ['studies'],
        summary: 'Edit a study; after round 1 opens anonymity can only be tightened',
        params: StudyParamsSchema,
        body: UpdateStudySchema,
        response: { 200: StudySchema, ...errorResponses },
      },
    },
    async (request) => {
      const { study, role, facilitatorId } = studyOf(request);
      return studyView(await editStudy(app.db, study, request.body, facilitatorId, now()), role);
    },
  );

  app.put(
    '/studies/:studyId/protocol',
    {
      config: { access: { study: 'write' } },
      schema: {
        operationId: 'setProtocol',
        security: facilitatorSession,
        tags: ['studies'],
        summary: 'Replace the consensus protocol (409 once round 1 has opened)',
        params: StudyParamsSchema,
        body: ProtocolSchema,
        response: { 200: StudySchema, ...errorResponses },
      },
    },
    async (request) => {
      const { study, role, facilitatorId } = studyOf(request);
      return studyView(await setProtocol(app.db, study, request.body, facilitatorId, now()), role);
    },
  );

  app.post(
    '/studies/:studyId/close',
    {
      config: { access: { study: 'write' } },
      schema: {
        operationId: 'closeStudy',
        security: facilitatorSession,
        tags: ['studies'],
        summary: 'End the study after its last round; panelists then see it as finished',
        params: StudyParamsSchema,
        response: { 200: StudySchema, ...errorResponses },
      },
    },
    async (request) => {
      const { study, role, facilitatorId } = studyOf(request);
      return studyView(await closeStudy(app.db, study, facilitatorId, now()), role);
    },
  );

  app.get(
    '/protocol-presets',
    {
      schema: {
        operationId: 'listProtocolPresets',
        security: facilitatorSession,
        tags: ['studies'],
        summary: 'Consensus protocol presets for a scale, with a plain-language reading of each rule',
        querystring: PresetQuerySchema,
        response: { 200: z.array(z.object({ name: z.string(), protocol: z.unknown(), readings: z.array(z.string()) })), ...errorResponses },
      },
    },
    async (request) => {
      requireFacilitator(request);
      const scale = { min: request.query.min, max: request.query.max };
      if (scale.max - scale.min < 2) throw errors.validation('A scale needs at least three points.');
      const out = [];
      for (const name of PRESET_NAMES) {
        try {
          const protocol = presetProtocol(name, scale);
          out.push({ name, protocol, readings: protocol.rules.map(ruleReading) });
        } catch {
          // A preset that does not apply to this scale (e.g. RAND/UCLA outside 1-9) is left out.
        }
      }
      return out;
    },
  );

  app.get(
    '/studies/:studyId/categories',
    {
      config: { access: { study: 'read' } },
      schema: {
        operationId: 'listCategories',
        security: facilitatorSession,
        tags: ['items'],
        summary: 'Categories (framework dimensions)',
        params: StudyParamsSchema,
        response: { 200: z.array(CategorySchema), ...errorResponses },
      },
    },
    async (request) => {
      const { study } = studyOf(request);
      return await studyCategories(app.db, study);
    },
  );

  app.post(
    '/studies/:studyId/categories',
    {
      config: { access: { study: 'write' } },
      schema: {
        operationId: 'createCategory',
        security: facilitatorSession,
        tags: ['items'],
        summary: 'Add a category',
        params: StudyParamsSchema,
        body: CreateCategorySchema,
        response: { 201: CategorySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { study, facilitatorId } = studyOf(request);
      return reply.code(201).send(await addCategory(app.db, study, request.body, facilitatorId));
    },
  );

  app.get(
    '/studies/:studyId/items',
    {
      config: { access: { study: 'read' } },
      schema: {
        operationId: 'listItems',
        security: facilitatorSession,
        tags: ['items'],
        summary: 'Items with their latest wording',
        params: StudyParamsSchema,
        response: { 200: z.array(ItemSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { study } = studyOf(request);
      return await studyItems(app.db, study);
    },
  );

  app.post(
    '/studies/:studyId/items',
    {
      config: { access: { study: 'write' } },
      schema: {
        operationId: 'createItem',
        security: facilitatorSession,
        tags: ['items'],
        summary: 'Add an item',
        params: StudyParamsSchema,
        body: CreateItemSchema,
        response: { 201: ItemSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { study, facilitatorId } = studyOf(request);
      const { item } = await addItem(app.db, study, request.body, facilitatorId);
      return reply.code(201).send((await studyItems(app.db, study)).find((i) => i.id === item.id)!);
    },
  );

  app.patch(
    '/studies/:studyId/items/:itemId',
    {
      config: { access: { study: 'write' } },
      schema: {
        operationId: 'updateItem',
        security: facilitatorSession,
        tags: ['items'],
        summary: 'Edit an item that has not been presented yet',
        params: ItemParams,
        body: UpdateItemSchema,
        response: { 200: ItemSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { study, facilitatorId } = studyOf(request);
      await editItem(app.db, study, request.params.itemId, request.body, facilitatorId);
      return (await studyItems(app.db, study)).find((i) => i.id === request.params.itemId)!;
    },
  );

  app.post(
    '/studies/:studyId/items/import',
    {
      config: { access: { study: 'write' } },
      schema: {
        operationId: 'importItems',
        security: facilitatorSession,
        tags: ['items'],
        summary: 'Import items from CSV (code, category, text_<lang>...): all or nothing, each problem with its line and column',
        params: StudyParamsSchema,
        body: ItemsCsvBodySchema,
        response: { 201: z.object({ imported: z.number().int() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { study, facilitatorId } = studyOf(request);
      return reply
        .code(201)
        .send({ imported: await importItems(app.db, study, request.body.csv, facilitatorId, { createCategories: request.body.createCategories }) });
    },
  );

  app.get(
    '/studies/:studyId/members',
    {
      config: { access: { study: 'read' } },
      schema: {
        operationId: 'listMembers',
        security: facilitatorSession,
        tags: ['studies'],
        summary: 'Who works on the study, with their role',
        params: StudyParamsSchema,
        response: { 200: z.array(MemberSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { study } = studyOf(request);
      return await studyMembers(app.db, study);
    },
  );

  app.put(
    '/studies/:studyId/members',
    {
      config: { access: { study: 'own' } },
      schema: {
        operationId: 'setMember',
        security: facilitatorSession,
        tags: ['studies'],
        summary: 'Add a facilitator to the study or change their role (owners only)',
        params: StudyParamsSchema,
        body: AddMemberSchema,
        response: { 200: z.array(MemberSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { study, facilitatorId } = studyOf(request);
      return await setMember(app.db, study, request.body, facilitatorId);
    },
  );

  app.delete(
    '/studies/:studyId/members/:facilitatorId',
    {
      config: { access: { study: 'own' } },
      schema: {
        operationId: 'removeMember',
        security: facilitatorSession,
        tags: ['studies'],
        summary: 'Remove a member (owners only)',
        params: z.object({ studyId: StudyRefSchema, facilitatorId: IdSchema }),
        response: { 200: OkSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { study, facilitatorId } = studyOf(request);
      await removeMember(app.db, study, request.params.facilitatorId, facilitatorId);
      return { ok: true as const };
    },
  );

  app.get(
    '/studies/:studyId/audit',
    {
      config: { access: { study: 'read' } },
      schema: {
        operationId: 'listAuditLog',
        security: facilitatorSession,
        tags: ['studies'],
        summary: 'The append-only audit log of facilitator actions, newest first',
        params: StudyParamsSchema,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
        response: {
          200: z.array(
            z.object({ id: z.number().int(), facilitatorId: z.number().int().nullable(), action: z.string(), details: z.unknown(), createdAt: z.string() }),
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { study } = studyOf(request);
      return await studyAuditLog(app.db, study, request.query.limit);
    },
  );
};
export default routes;
