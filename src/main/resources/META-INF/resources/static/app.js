'use strict';
// Shared by every page of the approval app: the JSON API with the session's CSRF token, friendly
// error messages, base64url for WebAuthn, and sign-out. No framework, no inline script (CSP).
const Countersign = (() => {
  const CSRF_KEY = 'countersign.csrf';

  function csrf() {
    return localStorage.getItem(CSRF_KEY) || '';
  }

  function setCsrf(token) {
    localStorage.setItem(CSRF_KEY, token);
  }

  function forget() {
    localStorage.removeItem(CSRF_KEY);
  }

  function show(text, kind) {
    const box = document.getElementById('message');
    box.textContent = text;
    box.className = 'message ' + (kind || 'error');
    box.hidden = false;
    box.focus();
  }

  class ApiError extends Error {
    constructor(status, text, problem) {
      super(text);
      this.status = status;
      this.problem = problem;
    }
  }

  function friendly(status, problem) {
    const detail = problem && typeof problem.detail === 'string' ? problem.detail : null;
    switch (status) {
      case 401: return detail || 'Please sign in again.';
      case 403: return 'Your session could not be confirmed. Please sign in again.';
      case 404: return 'Not found: it does not exist, or it is not yours.';
      case 409: return 'This request has already been decided.';
      case 410: return 'This request has expired: the agent gets nothing.';
      case 423: return detail || 'Too many wrong passwords: sign-in is paused for this account. Try again later.';
      case 429: return detail || 'Too many attempts. Wait a little and try again.';
      default: return detail || 'Something went wrong (' + status + '). Please try again.';
    }
  }

  // Calls the JSON API. A 401 or 403 outside sign-in sends the user back to the sign-in page.
  async function api(method, path, body, options) {
    const opts = options || {};
    const headers = { 'Accept': 'application/json' };
    if (method !== 'GET') {
      headers['X-CSRF-Token'] = csrf();
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
    const text = await response.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (e) {
        data = null;
      }
    }
    if ((response.status === 401 || response.status === 403) && !opts.signingIn && !opts.deciding) {
      forget();
      location.assign('/app/signin?again=' + response.status);
      throw new ApiError(response.status, friendly(response.status, data));
    }
    if (!response.ok) {
      throw new ApiError(response.status, friendly(response.status, data), data);
    }
    return data;
  }

  function toBuffer(base64url) {
    const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - base64.length % 4) % 4));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function fromBuffer(buffer) {
    const bytes = new Uint8Array(buffer);
    let binary = '';
    for (let i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  // The JSON form of a PublicKeyCredential from navigator.credentials.get, binary members base64url.
  function assertionJson(credential) {
    return {
      id: credential.id,
      rawId: fromBuffer(credential.rawId),
      type: credential.type,
      response: {
        clientDataJSON: fromBuffer(credential.response.clientDataJSON),
        authenticatorData: fromBuffer(credential.response.authenticatorData),
        signature: fromBuffer(credential.response.signature),
        userHandle: credential.response.userHandle ? fromBuffer(credential.response.userHandle) : undefined,
      },
    };
  }

  function wire(id, handler) {
    const element = document.getElementById(id);
    if (element) {
      element.addEventListener('click', (event) => {
        event.preventDefault();
        element.disabled = true;
        Promise.resolve(handler(event))
          .catch((error) => show(error.message || String(error)))
          .finally(() => { element.disabled = false; });
      });
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    wire('sign-out', async () => {
      await api('DELETE', '/api/me/session');
      forget();
      location.assign('/app/signin');
    });
    const again = new URLSearchParams(location.search).get('again');
    if (again) {
      show('Your session has ended. Please sign in again.', 'info');
    }
  });

  return { api, show, setCsrf, forget, toBuffer, fromBuffer, assertionJson, wire, ApiError };
})();
