// The admin API client: every call carries the admin token from this tab's session storage; a 401
// ends the session (the token is dropped) and hands control back to the login form.

const TOKEN_KEY = 'blacksmith.admin.token';

/** An answer of the admin API with an error status: its message and validations. */
export class ApiError extends Error {
  constructor(status, message, validations = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.validations = validations;
  }

  /** The message with each validation, as one line per problem. */
  details() {
    if (!this.validations.length) return [this.message];
    return this.validations.map((v) => {
      const where = (v.path || []).join('.');
      return where ? `${v.message} (${where})` : v.message;
    });
  }
}

/** The token was missing, wrong or revoked. */
export class Unauthorized extends ApiError {
  constructor() {
    super(401, 'Unauthorized');
    this.name = 'Unauthorized';
  }
}

/** The server did not answer at all. */
export class Unreachable extends Error {
  constructor(cause) {
    super('The server cannot be reached');
    this.name = 'Unreachable';
    this.cause = cause;
  }
}

export const session = {
  token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set(token) {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

let unauthorizedListener = () => {};

/** Called once per 401, after the token is dropped. */
export function onUnauthorized(listener) {
  unauthorizedListener = listener;
}

/**
 * The URL of an admin API route, relative to the page (so a proxy prefix is kept), with
 * parameters as repeated query keys; empty values are left out.
 */
export function apiUrl(path, params = {}) {
  const url = new URL(`api/${path}`, document.baseURI);
  for (const [key, value] of Object.entries(params)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (v !== undefined && v !== null && String(v).trim() !== '') {
        url.searchParams.append(key, String(v).trim());
      }
    }
  }
  return url;
}

async function call(method, path, params, token = session.token()) {
  if (!token) {
    unauthorizedListener();
    throw new Unauthorized();
  }
  let response;
  try {
    response = await fetch(apiUrl(path, params), {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
    });
  } catch (e) {
    throw new Unreachable(e);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: a proxy's error page, say. The status still tells what happened.
  }
  if (response.status === 401) {
    if (token === session.token()) {
      session.clear();
      unauthorizedListener();
    }
    throw new Unauthorized();
  }
  if (!response.ok) {
    throw new ApiError(
      response.status,
      (body && body.message) || `${response.status} ${response.statusText}`,
      (body && body.validations) || [],
    );
  }
  return body;
}

export const api = {
  get: (path, params) => call('GET', path, params),
  post: (path, params) => call('POST', path, params),
  /** Checks a token before it is kept: resolves with the options, or rejects (401 included). */
  verify: (token) => call('GET', 'options', {}, token),
};
