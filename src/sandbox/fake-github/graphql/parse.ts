/**
 * A small GraphQL document parser: operations, variables, fields with aliases and arguments, nested
 * selections, fragments and inline fragments. Enough to answer the queries Shopfloor (and Octokit users
 * in general) send, with only the fields they ask for. Directives are parsed and ignored.
 */

export type GqlValue =
  | { kind: "var"; name: string }
  | { kind: "int" | "float"; value: number }
  | { kind: "string"; value: string }
  | { kind: "bool"; value: boolean }
  | { kind: "null" }
  | { kind: "enum"; value: string }
  | { kind: "list"; values: GqlValue[] }
  | { kind: "object"; fields: Record<string, GqlValue> };

export interface FieldNode {
  kind: "field";
  alias: string | undefined;
  name: string;
  args: Record<string, GqlValue>;
  selections: SelectionNode[] | undefined;
  line: number;
  column: number;
}

export type SelectionNode =
  | FieldNode
  | { kind: "inline"; typeCondition: string | undefined; selections: SelectionNode[] }
  | { kind: "spread"; name: string };

export interface OperationNode {
  type: "query" | "mutation" | "subscription";
  name: string | undefined;
  variables: Array<{ name: string; defaultValue: GqlValue | undefined }>;
  selections: SelectionNode[];
}

export interface DocumentNode {
  operations: OperationNode[];
  fragments: Map<string, { typeCondition: string; selections: SelectionNode[] }>;
}

export class GqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = "GqlSyntaxError";
  }
}

interface Token {
  type: "punct" | "name" | "int" | "float" | "string" | "eof";
  value: string;
  line: number;
  column: number;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const at = () => ({ line, column: i - lineStart + 1 });
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === "\n") {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (ch === " " || ch === "\t" || ch === "\r" || ch === "," || ch === "\ufeff") {
      i++;
      continue;
    }
    if (ch === "#") {
      while (i < source.length && source[i] !== "\n") i++;
      continue;
    }
    const pos = at();
    if (source.startsWith("...", i)) {
      tokens.push({ type: "punct", value: "...", ...pos });
      i += 3;
      continue;
    }
    if ("!$()&:=@[]{}|".includes(ch)) {
      tokens.push({ type: "punct", value: ch, ...pos });
      i++;
      continue;
    }
    if (/[_A-Za-z]/.test(ch)) {
      const m = /^[_0-9A-Za-z]+/.exec(source.slice(i))!;
      tokens.push({ type: "name", value: m[0], ...pos });
      i += m[0].length;
      continue;
    }
    if (/[-0-9]/.test(ch)) {
      const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(source.slice(i));
      if (!m) throw new GqlSyntaxError(`Parse error on "${ch}"`, pos.line, pos.column);
      tokens.push({ type: m[2] || m[3] ? "float" : "int", value: m[0], ...pos });
      i += m[0].length;
      continue;
    }
    if (source.startsWith('"""', i)) {
      const end = source.indexOf('"""', i + 3);
      if (end === -1) throw new GqlSyntaxError("Unterminated string", pos.line, pos.column);
      const raw = source.slice(i + 3, end);
      tokens.push({ type: "string", value: raw.replace(/\\"""/g, '"""').trim(), ...pos });
      for (const c of raw) if (c === "\n") line++;
      i = end + 3;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let out = "";
      while (j < source.length && source[j] !== '"') {
        if (source[j] === "\n") throw new GqlSyntaxError("Unterminated string", pos.line, pos.column);
        if (source[j] === "\\") {
          const e = source[j + 1];
          if (e === "u") {
            out += String.fromCharCode(parseInt(source.slice(j + 2, j + 6), 16));
            j += 6;
            continue;
          }
          out += ({ n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" } as Record<string, string>)[e ?? ""] ?? e ?? "";
          j += 2;
          continue;
        }
        out += source[j];
        j++;
      }
      if (j >= source.length) throw new GqlSyntaxError("Unterminated string", pos.line, pos.column);
      tokens.push({ type: "string", value: out, ...pos });
      i = j + 1;
      continue;
    }
    throw new GqlSyntaxError(`Parse error on "${ch}"`, pos.line, pos.column);
  }
  tokens.push({ type: "eof", value: "", line, column: i - lineStart + 1 });
  return tokens;
}

export function parseDocument(source: string): DocumentNode {
  const tokens = tokenize(source);
  let p = 0;
  const peek = () => tokens[p]!;
  const next = () => tokens[p++]!;
  const fail = (t: Token): never => {
    throw new GqlSyntaxError(`Parse error on "${t.value || "end of input"}" (${t.type.toUpperCase()}) at [${t.line}, ${t.column}]`, t.line, t.column);
  };
  const expect = (value: string) => {
    const t = next();
    if (t.value !== value || (t.type !== "punct" && t.type !== "name")) fail(t);
    return t;
  };
  const isPunct = (value: string) => peek().type === "punct" && peek().value === value;
  const name = () => {
    const t = next();
    if (t.type !== "name") fail(t);
    return t.value;
  };

  const value = (constOnly: boolean): GqlValue => {
    const t = peek();
    if (t.type === "punct" && t.value === "$" && !constOnly) {
      next();
      return { kind: "var", name: name() };
    }
    if (t.type === "int") return next(), { kind: "int", value: Number(t.value) };
    if (t.type === "float") return next(), { kind: "float", value: Number(t.value) };
    if (t.type === "string") return next(), { kind: "string", value: t.value };
    if (t.type === "name") {
      next();
      if (t.value === "true" || t.value === "false") return { kind: "bool", value: t.value === "true" };
      if (t.value === "null") return { kind: "null" };
      return { kind: "enum", value: t.value };
    }
    if (isPunct("[")) {
      next();
      const values: GqlValue[] = [];
      while (!isPunct("]")) values.push(value(constOnly));
      next();
      return { kind: "list", values };
    }
    if (isPunct("{")) {
      next();
      const fields: Record<string, GqlValue> = {};
      while (!isPunct("}")) {
        const key = name();
        expect(":");
        fields[key] = value(constOnly);
      }
      next();
      return { kind: "object", fields };
    }
    return fail(t);
  };

  const directives = () => {
    while (isPunct("@")) {
      next();
      name();
      if (isPunct("(")) args();
    }
  };

  const args = (): Record<string, GqlValue> => {
    const out: Record<string, GqlValue> = {};
    expect("(");
    while (!isPunct(")")) {
      const key = name();
      expect(":");
      out[key] = value(false);
    }
    next();
    return out;
  };

  const typeRef = () => {
    if (isPunct("[")) {
      next();
      typeRef();
      expect("]");
    } else name();
    if (isPunct("!")) next();
  };

  const selectionSet = (): SelectionNode[] => {
    expect("{");
    const out: SelectionNode[] = [];
    while (!isPunct("}")) {
      if (peek().type === "eof") fail(peek());
      if (isPunct("...")) {
        next();
        if (peek().type === "name" && peek().value === "on") {
          next();
          const typeCondition = name();
          directives();
          out.push({ kind: "inline", typeCondition, selections: selectionSet() });
        } else if (isPunct("{") || isPunct("@")) {
          directives();
          out.push({ kind: "inline", typeCondition: undefined, selections: selectionSet() });
        } else {
          out.push({ kind: "spread", name: name() });
          directives();
        }
        continue;
      }
      const start = peek();
      let fieldName = name();
      let alias: string | undefined;
      if (isPunct(":")) {
        next();
        alias = fieldName;
        fieldName = name();
      }
      const fieldArgs = isPunct("(") ? args() : {};
      directives();
      const selections = isPunct("{") ? selectionSet() : undefined;
      out.push({ kind: "field", alias, name: fieldName, args: fieldArgs, selections, line: start.line, column: start.column });
    }
    next();
    return out;
  };

  const doc: DocumentNode = { operations: [], fragments: new Map() };
  while (peek().type !== "eof") {
    if (isPunct("{")) {
      doc.operations.push({ type: "query", name: undefined, variables: [], selections: selectionSet() });
      continue;
    }
    const keyword = name();
    if (keyword === "fragment") {
      const fragmentName = name();
      if (name() !== "on") fail(tokens[p - 1]!);
      const typeCondition = name();
      directives();
      doc.fragments.set(fragmentName, { typeCondition, selections: selectionSet() });
      continue;
    }
    if (keyword !== "query" && keyword !== "mutation" && keyword !== "subscription") fail(tokens[p - 1]!);
    const opName = peek().type === "name" ? name() : undefined;
    const variables: OperationNode["variables"] = [];
    if (isPunct("(")) {
      next();
      while (!isPunct(")")) {
        expect("$");
        const varName = name();
        expect(":");
        typeRef();
        let defaultValue: GqlValue | undefined;
        if (isPunct("=")) {
          next();
          defaultValue = value(true);
        }
        directives();
        variables.push({ name: varName, defaultValue });
      }
      next();
    }
    directives();
    doc.operations.push({ type: keyword as OperationNode["type"], name: opName, variables, selections: selectionSet() });
  }
  return doc;
}
