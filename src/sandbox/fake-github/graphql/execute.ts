import type { DocumentNode, FieldNode, GqlValue, OperationNode, SelectionNode } from "./parse.js";

/**
 * Executes a parsed document against resolver objects. Only the fields asked for are returned, under their
 * aliases. Unknown fields fail the whole request (as GitHub's validation does); a resolver that throws
 * GqlFieldError nulls its field and adds an error with a `type` and `path` (GitHub's NOT_FOUND style).
 */

export type Resolver = (args: Record<string, unknown>) => unknown;

export interface GqlObject {
  readonly __gql: true;
  readonly typename: string;
  readonly interfaces: readonly string[];
  readonly fields: Readonly<Record<string, Resolver>>;
}

export function gqlObject(typename: string, fields: Record<string, Resolver>, interfaces: string[] = ["Node"]): GqlObject {
  return { __gql: true, typename, interfaces, fields };
}

function isGqlObject(v: unknown): v is GqlObject {
  return typeof v === "object" && v !== null && (v as { __gql?: unknown }).__gql === true;
}

/** A field-level failure: the field becomes null and the response carries the error. */
export class GqlFieldError extends Error {
  constructor(
    message: string,
    readonly type: string = "UNPROCESSABLE",
  ) {
    super(message);
    this.name = "GqlFieldError";
  }
}

/** A request-level failure (unknown field, bad arguments): no data at all. */
export class GqlValidationError extends Error {
  constructor(
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "GqlValidationError";
  }
}

export interface GqlResponse {
  data?: Record<string, unknown> | null;
  errors?: Array<Record<string, unknown>>;
}

export async function execute(
  doc: DocumentNode,
  roots: { query: GqlObject; mutation: GqlObject },
  variables: Record<string, unknown>,
  operationName?: string,
): Promise<GqlResponse> {
  const operation = pickOperation(doc, operationName);
  const vars: Record<string, unknown> = { ...variables };
  for (const v of operation.variables) {
    if (vars[v.name] === undefined && v.defaultValue) vars[v.name] = toJs(v.defaultValue, {});
  }
  const errors: Array<Record<string, unknown>> = [];
  const root = operation.type === "mutation" ? roots.mutation : roots.query;
  try {
    const data = await selectObject(root, operation.selections, [], { doc, vars, errors, serial: operation.type === "mutation" });
    return errors.length ? { data, errors } : { data };
  } catch (e) {
    if (e instanceof GqlValidationError) return { errors: [{ message: e.message, ...e.extra }] };
    throw e;
  }
}

function pickOperation(doc: DocumentNode, operationName: string | undefined): OperationNode {
  if (operationName) {
    const op = doc.operations.find((o) => o.name === operationName);
    if (!op) throw new GqlValidationError(`No operation named "${operationName}"`);
    return op;
  }
  if (doc.operations.length !== 1) throw new GqlValidationError("An operation name is required when the document contains several operations");
  return doc.operations[0]!;
}

export function toJs(value: GqlValue, vars: Record<string, unknown>): unknown {
  switch (value.kind) {
    case "var":
      return vars[value.name] ?? null;
    case "int":
    case "float":
    case "string":
    case "bool":
      return value.value;
    case "enum":
      return value.value;
    case "null":
      return null;
    case "list":
      return value.values.map((v) => toJs(v, vars));
    case "object":
      return Object.fromEntries(Object.entries(value.fields).map(([k, v]) => [k, toJs(v, vars)]));
  }
}

interface ExecContext {
  doc: DocumentNode;
  vars: Record<string, unknown>;
  errors: Array<Record<string, unknown>>;
  serial: boolean;
}

function collectFields(object: GqlObject, selections: SelectionNode[], ctx: ExecContext, out: FieldNode[] = []): FieldNode[] {
  for (const sel of selections) {
    if (sel.kind === "field") out.push(sel);
    else if (sel.kind === "inline") {
      if (!sel.typeCondition || sel.typeCondition === object.typename || object.interfaces.includes(sel.typeCondition)) collectFields(object, sel.selections, ctx, out);
    } else {
      const fragment = ctx.doc.fragments.get(sel.name);
      if (!fragment) throw new GqlValidationError(`Fragment ${sel.name} was used, but not defined`);
      if (fragment.typeCondition === object.typename || object.interfaces.includes(fragment.typeCondition)) collectFields(object, fragment.selections, ctx, out);
    }
  }
  return out;
}

async function selectObject(object: GqlObject, selections: SelectionNode[], path: Array<string | number>, ctx: ExecContext): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const fields = collectFields(object, selections, ctx);
  const run = async (field: FieldNode): Promise<[string, unknown]> => {
    const key = field.alias ?? field.name;
    if (field.name === "__typename") return [key, object.typename];
    const resolver = object.fields[field.name];
    if (!resolver) {
      throw new GqlValidationError(`Field '${field.name}' doesn't exist on type '${object.typename}'`, {
        locations: [{ line: field.line, column: field.column }],
        path: [...path, key],
        extensions: { code: "undefinedField", typeName: object.typename, fieldName: field.name },
      });
    }
    const args = Object.fromEntries(Object.entries(field.args).map(([k, v]) => [k, toJs(v, ctx.vars)]));
    try {
      const value = await resolver(args);
      return [key, await complete(value, field, [...path, key], ctx)];
    } catch (e) {
      if (e instanceof GqlFieldError) {
        ctx.errors.push({ type: e.type, path: [...path, key], locations: [{ line: field.line, column: field.column }], message: e.message });
        return [key, null];
      }
      throw e;
    }
  };
  // Mutations run one after another, as the spec requires; queries may resolve in parallel.
  const entries: Array<[string, unknown]> = [];
  if (ctx.serial) for (const f of fields) entries.push(await run(f));
  else entries.push(...(await Promise.all(fields.map(run))));
  for (const [k, v] of entries) out[k] = v;
  return out;
}

async function complete(value: unknown, field: FieldNode, path: Array<string | number>, ctx: ExecContext): Promise<unknown> {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return Promise.all(value.map((v, i) => complete(v, field, [...path, i], ctx)));
  if (isGqlObject(value)) {
    if (!field.selections) {
      throw new GqlValidationError(`Field must have selections (field '${field.name}' returns ${value.typename} but has no selections. Did you mean '${field.name} { ... }'?)`, {
        locations: [{ line: field.line, column: field.column }],
      });
    }
    return selectObject(value, field.selections, path, { ...ctx, serial: false });
  }
  if (field.selections) {
    throw new GqlValidationError(`Selections can't be made on scalars (field '${field.name}' returns a scalar but has selections [${field.selections.length}])`, {
      locations: [{ line: field.line, column: field.column }],
    });
  }
  return value;
}
