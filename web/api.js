// The REST API (mounted at /api/messaging) and the development routes, over fetch. A failed
// call throws an ApiError carrying the message(s) of the NestJS error body.

const API = '/api/messaging';
export const MESSAGE_PAGE = 30;
export const CONVERSATION_PAGE = 50;

export class ApiError extends Error {
  constructor(status, body) {
    super(ApiError.describe(status, body));
    this.status = status;
    this.body = body;
  }

  // NestJS error bodies: {statusCode, message: "…" or ["…", …], error}.
  static describe(status, body) {
    const message = body && body.message;
    if (Array.isArray(message) && message.length) return message.join('\n');
    if (typeof message === 'string' && message) return message;
    return (body && body.error) || `The server answered ${status}`;
  }
}

/** What to tell the user about a failed call. */
export function errorText(error) {
  if (error instanceof ApiError) return error.message;
  return 'The server cannot be reached. Check your connection and try again.';
}

let session = { token: null, onUnauthorized: () => {} };

/** Calls from now on carry `token`; a 401 answer to one of them calls `onUnauthorized`. */
export function useToken(token, onUnauthorized = () => {}) {
  session = { token, onUnauthorized };
}

async function request(method, path, body, { token = session.token } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const error = new ApiError(res.status, data);
    if (res.status === 401 && token && token === session.token) session.onUnauthorized(error);
    throw error;
  }
  return data;
}

const path = (strings, ...values) =>
  strings.reduce((out, s, i) => out + s + (i < values.length ? encodeURIComponent(values[i]) : ''), '');

export const api = {
  conversations: (page, options) =>
    request('GET', `${API}/conversations?page=${page}&limit=${CONVERSATION_PAGE}`, undefined,
      options),
  conversation: (id) => request('GET', API + path`/conversations/${id}`),
  createConversation: (body) => request('POST', `${API}/conversations`, body),
  messages: (id, before) =>
    request('GET', API + path`/conversations/${id}/messages` + `?limit=${MESSAGE_PAGE}` +
      (before ? `&before=${encodeURIComponent(before)}` : '')),
  send: (id, body) => request('POST', API + path`/conversations/${id}/messages`, body),
  edit: (messageId, content) => request('PUT', API + path`/messages/${messageId}`, { content }),
  remove: (messageId) => request('DELETE', API + path`/messages/${messageId}`),
  markRead: (id) => request('POST', API + path`/conversations/${id}/read`),
  react: (messageId, emoji) =>
    request('POST', API + path`/messages/${messageId}/reactions`, { emoji }),
  unreact: (messageId, emoji) =>
    request('DELETE', API + path`/messages/${messageId}/reactions/${emoji}`),

  // Present only when the server runs with --dev.
  devStatus: () => request('GET', '/dev/status', undefined, { token: null }),
  devToken: (body) => request('POST', '/dev/token', body, { token: null }),
};
