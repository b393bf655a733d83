import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema, OkSchema, StudyParamsSchema } from '../schemas/common';
import { CsvBodySchema } from '../schemas/study';
import { InvitationSchema, InvitationsSchema, InvitePanelistSchema, LinksQuerySchema, PanelistSchema, WithdrawSchema } from '../schemas/panel';
import { importPanelists, invitePanelist, listPanel, reissueLink, revokeLink, withdrawPanelist, type IssuedInvitation } from '../services/panel-service';
import { csvRecords } from '../reports/spreadsheet/csv-export';
import { studyRoute } from './route-options';
import { studyOf } from '../plugins/auth';

const PanelistParams = StudyParamsSchema.extend({ panelistId: IdSchema });
const LinksCsvSchema = z.string().describe('CSV with the columns code, email, language, link');

/** The links for a mail merge, written like the other CSV exports (RFC 4180 lines, formula cells neutralised). */
function linksCsv(invitations: IssuedInvitation[]): string {
  const record = csvRecords();
  return record(['code', 'email', 'language', 'link']) + invitations.map((i) => record([i.code, i.email, i.language, i.link])).join('');
}

const routes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.now().toISOString();
  const base = () => app.publicUrl;

  app.get(
    '/studies/:studyId/panelists',
    studyRoute('read', {
      operationId: 'listPanelists',
      tags: ['panel'],
      summary: 'The panel with each member’s status',
      response: { 200: z.array(PanelistSchema) },
    }),
    async (request) => {
      const { study } = studyOf(request);
      return await listPanel(app.db, study);
    },
  );

  app.post(
    '/studies/:studyId/panelists',
    studyRoute('write', {
      operationId: 'invitePanelist',
      tags: ['panel'],
      summary: 'Invite one panelist; the link is shown only in this reply',
      body: InvitePanelistSchema,
      response: { 201: InvitationSchema },
    }),
    async (request, reply) => {
      const { study, facilitatorId } = studyOf(request);
      const { language: _l, ...inv } = await invitePanelist(app.db, study, request.body, facilitatorId, base(), now());
      return reply.code(201).send(inv);
    },
  );

  app.post(
    '/studies/:studyId/panelists/import',
    studyRoute('write', {
      operationId: 'importPanelists',
      tags: ['panel'],
      summary:
        'Import panelists from CSV (code, email, language, one column per attribute). Links are shown only in this ' +
        'reply; ?format=csv gives them as CSV for a mail merge.',
      querystring: LinksQuerySchema,
      body: CsvBodySchema,
      response: {
        201: {
          description: 'The invitations, with each link; as text/csv with ?format=csv',
          content: { 'application/json': { schema: InvitationsSchema }, 'text/csv': { schema: LinksCsvSchema } },
        },
      },
    }),
    async (request, reply) => {
      const { study, facilitatorId } = studyOf(request);
      const invitations = await importPanelists(app.db, study, request.body.csv, facilitatorId, base(), now());
      if (request.query.format === 'csv') {
        return reply
          .code(201)
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${study.slug}-links.csv"`)
          .serializer((s: string) => s)
          .send(linksCsv(invitations));
      }
      return reply.code(201).send({ invitations: invitations.map(({ language: _l, ...i }) => i) });
    },
  );

  app.post(
    '/studies/:studyId/panelists/:panelistId/reissue',
    studyRoute('write', {
      operationId: 'reissueLink',
      tags: ['panel'],
      summary: 'Issue a new link; the old one stops working',
      params: PanelistParams,
      response: { 200: InvitationSchema },
    }),
    async (request) => {
      const { study, facilitatorId } = studyOf(request);
      const { language: _l, ...inv } = await reissueLink(app.db, study, request.params.panelistId, facilitatorId, base(), now());
      return inv;
    },
  );

  app.post(
    '/studies/:studyId/panelists/:panelistId/revoke',
    studyRoute('write', {
      operationId: 'revokeLink',
      tags: ['panel'],
      summary: 'Revoke the panelist’s link and end their sessions',
      params: PanelistParams,
      response: { 200: OkSchema },
    }),
    async (request) => {
      const { study, facilitatorId } = studyOf(request);
      app.live.dropPanelist(await revokeLink(app.db, study, request.params.panelistId, facilitatorId, now()));
      return { ok: true as const };
    },
  );

  app.post(
    '/studies/:studyId/panelists/:panelistId/withdraw',
    studyRoute('write', {
      operationId: 'withdrawPanelist',
      tags: ['panel'],
      summary: 'Withdraw a panelist under the study’s withdrawal policy',
      params: PanelistParams,
      body: WithdrawSchema,
      response: { 200: OkSchema },
    }),
    async (request) => {
      const { study, facilitatorId } = studyOf(request);
      app.live.dropPanelist(await withdrawPanelist(app.db, study, request.params.panelistId, { facilitatorId }, now(), request.body.reason));
      return { ok: true as const };
    },
  );
};
export default routes;
