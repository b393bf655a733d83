import type { ZodType } from 'zod';
import { errorResponses, StudyParamsSchema } from '../schemas/common';
import { RoundParamsSchema } from '../schemas/round';
import type { Need } from '../services/access';
import { facilitatorSession } from '../openapi';

/** What a facilitator route still says itself: its operation, tag, summary, input and success replies. */
interface Operation {
  operationId: string;
  tags: string[];
  summary: string;
  params?: ZodType;
  querystring?: ZodType;
  body?: ZodType;
  response: Record<number, unknown>;
}

type Filled<Params, S extends Operation> = Omit<S, 'params' | 'response'> & {
  security: typeof facilitatorSession;
  params: S extends { params: infer P } ? P : Params;
  response: typeof errorResponses & S['response'];
};

function filled<Params, S extends Operation>(params: Params, schema: S): Filled<Params, S> {
  return {
    security: facilitatorSession,
    params,
    ...schema,
    // The operation's own replies win over the shared error replies (e.g. an import's own 413).
    response: { ...errorResponses, ...schema.response },
  } as Filled<Params, S>;
}

/**
 * Options of a facilitator route that acts on the study in `:studyId` (or in its own `params`, which
 * must include studyId): the auth plugin loads the study and checks `need` before the handler, which
 * reads it with studyOf(request). Fills the session, the params and the error replies that every
 * such route repeats.
 */
export function studyRoute<const S extends Operation>(need: Need, schema: S) {
  return { config: { access: { study: need } }, schema: filled(StudyParamsSchema, schema) };
}

/** Like studyRoute, for a route on the round in `:roundId`, read with roundOf(request). */
export function roundRoute<const S extends Operation>(need: Need, schema: S) {
  return { config: { access: { round: need } }, schema: filled(RoundParamsSchema, schema) };
}
