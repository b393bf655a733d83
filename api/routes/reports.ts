import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, StudyParamsSchema } from '../schemas/common';
import type { z } from 'zod';
import {
  CsvSchema,
  ExportQuerySchema,
  FileSchema,
  HtmlReportSchema,
  ImportResultSchema,
  JsonSchemaDocumentSchema,
  ReportQuerySchema,
} from '../schemas/reports';
import { ReportingChecklistSchema } from '../schemas/reporting';
import { StudyExportComponentSchema } from '../schemas/study-export';
import { publishedSchema } from '../reports/study-file/export-schema';
import { CONTENT_TYPES, exportStudy, reportingChecklist, type ExportFile, type ExportFormat } from '../reports/exports';
import { REPORT_CSP } from '../reports/document/html-report';
import { importStudy } from '../reports/study-file/json-import';
import { IMPORT_BODY_LIMIT } from '../plugins/request-limits';
import { facilitatorSession, noSession } from '../openapi';
import { studyRoute } from './route-options';
import { requireFacilitator, studyOf } from '../plugins/auth';

type JsonSchemaDocument = z.output<typeof JsonSchemaDocumentSchema>;

/** A 200 reply documented with its real media type (not JSON) in the OpenAPI document. */
function file<T extends typeof FileSchema | typeof CsvSchema | typeof StudyExportComponentSchema | typeof JsonSchemaDocumentSchema>(
  mediaType: string,
  schema: T,
) {
  return { description: schema.description ?? 'The file', content: { [mediaType.split(';')[0]]: { schema } } };
}

const routes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.now().toISOString();

  function send(reply: FastifyReply, file: ExportFile, inline: boolean) {
    reply
      .type(file.contentType)
      .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${file.filename}"`)
      .header('cache-control', 'no-store');
    if (file.aggregateOnly) reply.header('x-delphi-export-scope', 'aggregate');
    return reply.send(file.body);
  }

  /** The consensus report of the request's study: all rounds so far or up to ?round=N, in ?language= when given. */
  const report = (format: 'html' | 'pdf', { study, facilitatorId }: ReturnType<typeof studyOf>, query: z.output<typeof ReportQuerySchema>) =>
    exportStudy(app.db, study, format, { upToRound: query.round ?? null, language: query.language ?? null, nowIso: now(), facilitatorId });

  const download = (
    format: ExportFormat,
    summary: string,
    schema: typeof FileSchema | typeof CsvSchema | typeof StudyExportComponentSchema,
    path = `export.${format}`,
    operationId = `exportStudy${format[0].toUpperCase()}${format.slice(1)}`,
  ) =>
    app.get(
      `/studies/:studyId/${path}`,
      {
        config: { access: { study: 'read' } },
        schema: {
          operationId,
          security: facilitatorSession,
          tags: ['reports'],
          summary,
          params: StudyParamsSchema,
          querystring: ExportQuerySchema,
          response: { 200: file(CONTENT_TYPES[format], schema), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { study, facilitatorId } = studyOf(request);
        return send(
          reply,
          await exportStudy(app.db, study, format, {
            language: request.query.language ?? null,
            archive: request.query.archive,
            nowIso: now(),
            facilitatorId,
          }),
          false,
        );
      },
    );

  app.get(
    '/studies/:studyId/report.html',
    studyRoute('read', {
      operationId: 'getReportHtml',
      tags: ['reports'],
      summary: 'The consensus report as a printable HTML page with charts (all rounds so far, or ?round=N; ?language= one of the study languages)',
      querystring: ReportQuerySchema,
      response: { 200: file(CONTENT_TYPES.html, HtmlReportSchema) },
    }),
    async (request, reply) => {
      const file = await report('html', studyOf(request), request.query);
      reply.header('content-security-policy', REPORT_CSP);
      return send(reply, file, true);
    },
  );

  app.get(
    '/studies/:studyId/report.pdf',
    studyRoute('read', {
      operationId: 'getReportPdf',
      tags: ['reports'],
      summary: 'The consensus report as PDF (all rounds so far, or ?round=N; ?language= one of the study languages)',
      querystring: ReportQuerySchema,
      response: { 200: file(CONTENT_TYPES.pdf, FileSchema) },
    }),
    async (request, reply) => send(reply, await report('pdf', studyOf(request), request.query), false),
  );

  app.get(
    '/studies/:studyId/reporting-checklist',
    {
      config: { access: { study: 'read' } },
      schema: {
        operationId: 'getReportingChecklist',
        security: facilitatorSession,
        tags: ['reports'],
        summary: 'Each ACCORD and CREDES item with the report section that answers it, or null when the report does not yet',
        params: StudyParamsSchema,
        response: { 200: ReportingChecklistSchema, ...errorResponses },
      },
    },
    async (request) => ({ rows: await reportingChecklist(app.db, studyOf(request).study, now()) }),
  );

  download('xlsx', 'The study data as XLSX: protocol, participation, item flow, results per round, subgroups, comments, pseudonymised responses', FileSchema);
  download('csv', 'Pseudonymised responses in long format as CSV (aggregate results only in strict anonymity mode)', CsvSchema);
  download(
    'relations-csv',
    'The relations blocks as CSV in long format: per relation its statistics and verdict, per group each element’s ' +
      'D, R, prominence and relation, the matrices Z and T',
    CsvSchema,
    'relations.csv',
    'exportStudyRelationsCsv',
  );
  download(
    'rankings-csv',
    'The ranking blocks as CSV, the rows of the XLSX Rankings sheet: per item its mean rank, median rank and top-k ' +
      'share for the panel and each group of at least k, with W and p, and for the panel ρ and ΔW since the previous round',
    CsvSchema,
    'rankings.csv',
    'exportStudyRankingsCsv',
  );
  download(
    'ranks-csv',
    'Each panelist’s ranks in long format as CSV (round, ranking, pseudonym, coarsened attributes, item, rank) under the ' +
      'same coarsening as the responses CSV; the rankings per item only in strict anonymity mode',
    CsvSchema,
    'ranks.csv',
    'exportStudyRanksCsv',
  );
  download('json', 'The whole study as JSON for another instance or tool (schema: /api/schemas/study-export.json)', StudyExportComponentSchema);

  app.post(
    '/studies/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        operationId: 'importStudy',
        security: facilitatorSession,
        tags: ['reports'],
        summary: 'Restore a JSON study export as a new study that you own; every closed round is recomputed and compared',
        body: StudyExportComponentSchema,
        response: { 201: ImportResultSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const facilitator = requireFacilitator(request);
      const outcome = await importStudy(app.db, request.body, facilitator.id, now());
      return reply.code(201).send({
        studyId: outcome.study.id,
        slug: outcome.study.slug,
        title: outcome.study.title,
        counts: outcome.counts,
        verification: outcome.verification,
        notes: outcome.notes,
      });
    },
  );

  app.get(
    '/schemas/study-export.json',
    {
      config: { public: true },
      schema: {
        operationId: 'getStudyExportSchema',
        security: noSession,
        tags: ['reports'],
        summary: 'The published JSON Schema (2020-12) of the study export',
        response: { 200: file('application/schema+json', JsonSchemaDocumentSchema) },
      },
    },
    async (_request, reply) =>
      // The committed file is sent byte for byte (a string is not serialised again); its content is the documented object.
      reply
        .type('application/schema+json; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(publishedSchema() as unknown as JsonSchemaDocument),
  );
};
export default routes;
