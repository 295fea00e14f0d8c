'use strict';
// The approval app's service worker. A push message (the plaintext of an RFC 8291 payload) is JSON
// {"type": "approval_request", "request_id", "title", "body", "url"} with no sensitive detail; it is
// shown as a notification tagged with the request id (a repeat replaces it), and tapping the
// notification opens the request's page, focusing an open window on it when there is one.

const FALLBACK_TITLE = 'Approval needed';
const FALLBACK_BODY = 'An agent is waiting for your decision';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// Only a page of this app on this origin may be opened from a notification.
function appUrl(url) {
  if (typeof url !== 'string') {
    return '/app';
  }
  const parsed = new URL(url, self.location.origin);
  if (parsed.origin !== self.location.origin || !parsed.pathname.startsWith('/app')) {
    return '/app';
  }
  return parsed.pathname + parsed.search;
}

self.addEventListener('push', (event) => {
  let payload = {};
  try {
    payload = event.data ? event.data.json() : {};
  } catch (e) {
    payload = {};
  }
  const options = {
    body: typeof payload.body === 'string' ? payload.body : FALLBACK_BODY,
    icon: '/static/icon-192.png',
    badge: '/static/icon-192.png',
    data: { url: appUrl(payload.url) },
  };
  if (typeof payload.request_id === 'string') {
    options.tag = payload.request_id;
  }
  const title = typeof payload.title === 'string' ? payload.title : FALLBACK_TITLE;
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(appUrl(event.notification.data && event.notification.data.url), self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      for (const client of windows) {
        if (client.url === target && 'focus' in client) {
          return client.focus();
        }
      }
      return self.clients.openWindow(target);
    }),
  );
});
