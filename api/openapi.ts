// The OpenAPI 3.1 description of the JSON API, generated from the very zod schemas that validate the
// requests (JSON Schema 2020-12 is OpenAPI 3.1's own dialect), so the document cannot drift from the code.
import { phases } from '../domain/plan';
import { z } from '../domain/zod';
import { IDENTIFIER } from '../domain/slug';
import { operations, responses } from './api-operations';
import { pageQuerySchema } from './pagination';
import { stepResponse } from './response-schemas';


const uuid = { type: 'string', format: 'uuid' };
const stepKey = { type: 'string', pattern: IDENTIFIER.source };
const parameterSchemas: Record<string, object> = { id: uuid, key: stepKey, phase: { type: 'string', enum: [...phases] }, token: { type: 'string' }, registrationId: uuid, contactId: uuid, email: { type: 'string', format: 'email' } };

/** The described answers as components: `#/components/schemas/<id>`, nested ones referenced too. */
function responseComponents(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  // Nested identified schemas (a Process's Steps) are components too, not a shared appendix.
  for (const schema of new Set([...Object.values(responses), stepResponse])) {
    collect(schema, registry);
  }
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io: 'output', unrepresentable: 'any' }) as { schemas: Record<string, Record<string, unknown>> };
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema]));
}

/** Registers a schema under its id (`.meta({ id })` in api/response-schemas.ts). */
function collect(schema: z.ZodType, registry: z.core.$ZodRegistry<{ id: string }>) {
  const id = z.globalRegistry.get(schema)?.id;
  if (typeof id === 'string' && !registry.has(schema)) registry.add(schema, { id });
}

const refOf = (schema: z.ZodType) => ({ $ref: `#/components/schemas/${z.globalRegistry.get(schema)!.id}` });

const jsonSchemaOf = (schema: z.ZodType) => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

export function openApiDocument(publicBaseUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: parameterSchemas[name!] ?? { type: 'string' } }));
    const pageParams = op.paged
      ? Object.entries(jsonSchemaOf(pageQuerySchema).properties as Record<string, object>).map(([name, schema]) => ({
          name,
          in: 'query',
          required: false,
          schema,
          description: name === 'cursor' ? 'nextCursor de la page précédente' : 'taille de la page (1 à 200)',
        }))
      : [];
    const extra = [
      ...Object.entries(op.query ?? {}).map(([name, q]) => ({ name, in: 'query', required: false, ...q })),
      ...Object.entries(op.headers ?? {}).map(([name, h]) => ({ name, in: 'header', required: false, ...h })),
    ];
    const success = op.success ?? { status: 200 };
    const media = success.media ?? 'application/json';
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      tags: [op.tag],
      operationId: `${op.method}${op.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      ...(op.public ? { security: [] } : {}),
      ...(pathParams.length + pageParams.length + extra.length ? { parameters: [...pathParams, ...pageParams, ...extra] } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': { schema: jsonSchemaOf(op.body) },
                ...(op.csv ? { 'text/csv': { schema: { type: 'string', description: 'En-tête : courriel;nom (ou prénom, nom complet);organisation;rôles;thématiques' } } } : {}),
              },
            },
          }
        : {}),
      responses: {
        [success.status]: {
          description: success.description ?? 'Réussi',
          ...(success.status === 204
            ? {}
            : {
                content: {
                  [media]: {
                    schema: op.paged || op.list
                      ? op.response
                        ? { allOf: [{ $ref: '#/components/schemas/Page' }, { type: 'object', properties: { items: { type: 'array', items: refOf(op.response) } } }] }
                        : { $ref: '#/components/schemas/Page' }
                      : media === 'application/json'
                        ? op.response
                          ? refOf(op.response)
                          : { type: 'object' }
                        : { type: 'string' },
                  },
                },
              }),
        },
        ...(op.body || op.paged || pathParams.length ? { 400: { $ref: '#/components/responses/Problem' } } : {}),
        ...(op.public ? {} : { 401: { $ref: '#/components/responses/Problem' }, 403: { $ref: '#/components/responses/Problem' } }),
        ...(pathParams.length ? { 404: { $ref: '#/components/responses/Problem' } } : {}),
        ...(op.path.startsWith('/api/processes/{id}') && op.method !== 'get' ? { 409: { $ref: '#/components/responses/Problem' } } : {}),
        503: { $ref: '#/components/responses/Problem' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Service CTG',
      version: '1.0.0',
      description:
        'Conventions Territoriales Globales : territoires, contacts, processus (diagnostic, plan d’actions, mise en œuvre, renouvellement), étapes, inscriptions et messages. ' +
        'Les erreurs suivent la RFC 9457 (application/problem+json) et nomment le champ et la raison.',
    },
    servers: [{ url: publicBaseUrl }],
    security: [{ bearer: [] }],
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Jeton d’API (POST /api/tokens), ou la session du navigateur.' } },
      schemas: {
        ...responseComponents(),
        Page: {
          type: 'object',
          required: ['items', 'nextCursor'],
          properties: { items: { type: 'array', items: { type: 'object' } }, nextCursor: { type: ['string', 'null'] } },
        },
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', required: ['field', 'reason'], properties: { field: { type: 'string' }, reason: { type: 'string' } } } },
          },
        },
      },
      responses: {
        Problem: { description: 'Erreur (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    },
  };
}
