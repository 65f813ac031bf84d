/**
 * Errors as GitHub's REST API sends them: a status, a JSON body with `message` (+ `errors`) and a
 * `documentation_url`, sometimes extra headers.
 */
export const DOCS = "https://docs.github.com/rest";

export class FakeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message ?? status));
    this.name = "FakeHttpError";
  }
}

export function notFound(docs = DOCS): FakeHttpError {
  return new FakeHttpError(404, { message: "Not Found", documentation_url: docs, status: "404" });
}

/** GitHub's answer to Git Data API reads of a repository that has no commit yet. */
export function emptyRepository(docs: string): FakeHttpError {
  return new FakeHttpError(409, { message: "Git Repository is empty.", documentation_url: docs, status: "409" });
}

export interface ValidationErrorItem {
  resource?: string;
  field?: string;
  code: "missing" | "missing_field" | "invalid" | "already_exists" | "unprocessable" | "custom";
  message?: string;
  value?: unknown;
}

/** 422 with GitHub's "Validation Failed" body. */
export function validationFailed(errors: ValidationErrorItem[], message = "Validation Failed"): FakeHttpError {
  return new FakeHttpError(422, { message, errors, documentation_url: DOCS, status: "422" });
}

/** 422 in the other form GitHub uses (pull request reviews): `errors` is a list of sentences. */
export function unprocessable(...messages: string[]): FakeHttpError {
  return new FakeHttpError(422, { message: "Unprocessable Entity", errors: messages, documentation_url: DOCS, status: "422" });
}

export function httpError(status: number, message: string, docs = DOCS): FakeHttpError {
  return new FakeHttpError(status, { message, documentation_url: docs, status: String(status) });
}
