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
import { removeMember, setMember, studyMembers } from '../services/member-service';
import { addCategory, addItem, closeStudy, createStudy, editItem, editStudy, importItems, setProtocol } from '../services/study-service';
import { listStudiesFor, protocolPresets, studyAuditLog, studyCategories, studyItems } from '../services/study-view-service';
import { toStudy } from '../schemas/study-wire';
import { facilitatorSession } from '../openapi';

const AuditDetailsSchema = z.looseObject({}).describe('What the action changed, as a JSON object; its keys depend on the action');
import { studyRoute } from './route-options';
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
      return reply.code(201).send(toStudy(await createStudy(app.db, request.body, f.id), 'owner'));
    },
  );

  app.get(
    '/studies/:studyId',
    studyRoute('read', {
      operationId: 'getStudy',
      tags: ['studies'],
      summary: 'A study, by id or slug',
      response: { 200: StudySchema },
    }),
    async (request) => {
      const { study, role } = studyOf(request);
      return toStudy(study, role);
    },
  );

  app.patch(
    '/studies/:studyId',
    studyRoute('write', {
      operationId: 'updateStudy',
      tags: ['studies'],
      summary: 'Edit a study; after round 1 opens anonymity can only be tightened',
      body: UpdateStudySchema,
      response: { 200: StudySchema },
    }),
    async (request) => {
      const { study, role, facilitatorId } = studyOf(request);
      return toStudy(await editStudy(app.db, study, request.body, facilitatorId, now()), role);
    },
  );

  app.put(
    '/studies/:studyId/protocol',
    studyRoute('write', {
      operationId: 'setProtocol',
      tags: ['studies'],
      summary: 'Replace the consensus protocol (409 once round 1 has opened)',
      body: ProtocolSchema,
      response: { 200: StudySchema },
    }),
    async (request) => {
      const { study, role, facilitatorId } = studyOf(request);
      return toStudy(await setProtocol(app.db, study, request.body, facilitatorId, now()), role);
    },
  );

  app.post(
    '/studies/:studyId/close',
    studyRoute('write', {
      operationId: 'closeStudy',
      tags: ['studies'],
      summary: 'End the study after its last round; panelists then see it as finished',
      response: { 200: StudySchema },
    }),
    async (request) => {
      const { study, role, facilitatorId } = studyOf(request);
      return toStudy(await closeStudy(app.db, study, facilitatorId, now()), role);
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
        response: { 200: z.array(z.object({ name: z.string(), protocol: ProtocolSchema, readings: z.array(z.string()) })), ...errorResponses },
      },
    },
    async (request) => {
      requireFacilitator(request);
      return protocolPresets({ min: request.query.min, max: request.query.max });
    },
  );

  app.get(
    '/studies/:studyId/categories',
    studyRoute('read', {
      operationId: 'listCategories',
      tags: ['items'],
      summary: 'Categories (framework dimensions)',
      response: { 200: z.array(CategorySchema) },
    }),
    async (request) => {
      const { study } = studyOf(request);
      return await studyCategories(app.db, study);
    },
  );

  app.post(
    '/studies/:studyId/categories',
    studyRoute('write', {
      operationId: 'createCategory',
      tags: ['items'],
      summary: 'Add a category',
      body: CreateCategorySchema,
      response: { 201: CategorySchema },
    }),
    async (request, reply) => {
      const { study, facilitatorId } = studyOf(request);
      return reply.code(201).send(await addCategory(app.db, study, request.body, facilitatorId));
    },
  );

  app.get(
    '/studies/:studyId/items',
    studyRoute('read', {
      operationId: 'listItems',
      tags: ['items'],
      summary: 'Items with their latest wording',
      response: { 200: z.array(ItemSchema) },
    }),
    async (request) => {
      const { study } = studyOf(request);
      return await studyItems(app.db, study);
    },
  );

  app.post(
    '/studies/:studyId/items',
    studyRoute('write', {
      operationId: 'createItem',
      tags: ['items'],
      summary: 'Add an item',
      body: CreateItemSchema,
      response: { 201: ItemSchema },
    }),
    async (request, reply) => {
      const { study, facilitatorId } = studyOf(request);
      return reply.code(201).send(await addItem(app.db, study, request.body, facilitatorId));
    },
  );

  app.patch(
    '/studies/:studyId/items/:itemId',
    studyRoute('write', {
      operationId: 'updateItem',
      tags: ['items'],
      summary: 'Edit an item that has not been presented yet',
      params: ItemParams,
      body: UpdateItemSchema,
      response: { 200: ItemSchema },
    }),
    async (request) => {
      const { study, facilitatorId } = studyOf(request);
      return await editItem(app.db, study, request.params.itemId, request.body, facilitatorId);
    },
  );

  app.post(
    '/studies/:studyId/items/import',
    studyRoute('write', {
      operationId: 'importItems',
      tags: ['items'],
      summary: 'Import items from CSV (code, category, text_<lang>...): all or nothing, each problem with its line and column',
      body: ItemsCsvBodySchema,
      response: { 201: z.object({ imported: z.number().int() }) },
    }),
    async (request, reply) => {
      const { study, facilitatorId } = studyOf(request);
      return reply
        .code(201)
        .send({ imported: await importItems(app.db, study, request.body.csv, facilitatorId, { createCategories: request.body.createCategories }) });
    },
  );

  app.get(
    '/studies/:studyId/members',
    studyRoute('read', {
      operationId: 'listMembers',
      tags: ['studies'],
      summary: 'Who works on the study, with their role',
      response: { 200: z.array(MemberSchema) },
    }),
    async (request) => {
      const { study } = studyOf(request);
      return await studyMembers(app.db, study);
    },
  );

  app.put(
    '/studies/:studyId/members',
    studyRoute('own', {
      operationId: 'setMember',
      tags: ['studies'],
      summary: 'Add a facilitator to the study or change their role (owners only)',
      body: AddMemberSchema,
      response: { 200: z.array(MemberSchema) },
    }),
    async (request) => {
      const { study, facilitatorId } = studyOf(request);
      return await setMember(app.db, study, request.body, facilitatorId);
    },
  );

  app.delete(
    '/studies/:studyId/members/:facilitatorId',
    studyRoute('own', {
      operationId: 'removeMember',
      tags: ['studies'],
      summary: 'Remove a member (owners only)',
      params: z.object({ studyId: StudyRefSchema, facilitatorId: IdSchema }),
      response: { 200: OkSchema },
    }),
    async (request) => {
      const { study, facilitatorId } = studyOf(request);
      await removeMember(app.db, study, request.params.facilitatorId, facilitatorId);
      return { ok: true as const };
    },
  );

  app.get(
    '/studies/:studyId/audit',
    studyRoute('read', {
      operationId: 'listAuditLog',
      tags: ['studies'],
      summary: 'The append-only audit log of facilitator actions, newest first',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
      response: {
        200: z.array(
          z.object({
            id: z.number().int(),
            facilitatorId: z.number().int().nullable(),
            action: z.string(),
            details: AuditDetailsSchema,
            createdAt: z.string(),
          }),
        ),
      },
    }),
    async (request) => {
      const { study } = studyOf(request);
      return await studyAuditLog(app.db, study, request.query.limit);
    },
  );
};
export default routes;
