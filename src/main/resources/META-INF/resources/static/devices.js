'use strict';
// Devices: register this phone for Web Push (RFC 8030) with the server's VAPID key (RFC 8292), list, remove.
document.addEventListener('DOMContentLoaded', () => {
  const C = Countersign;
  const list = document.getElementById('devices');
  const none = document.getElementById('no-devices');

  async function worker() {
    if (!('serviceWorker' in navigator) || !('PushManager' in window)) {
      throw new Error('This browser cannot receive notifications. On an iPhone, add the app to the home screen first.');
    }
    await navigator.serviceWorker.register('/sw.js', { scope: '/app/' });
    return navigator.serviceWorker.ready;
  }

  function render(devices) {
    list.replaceChildren();
    none.hidden = devices.length > 0;
    devices.forEach((device) => {
      const item = document.createElement('li');
      item.dataset.deviceId = device.id;
      const name = document.createElement('strong');
      name.textContent = device.name;
      const meta = document.createElement('span');
      meta.className = 'meta';
      meta.textContent = 'Added ' + device.created_at;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'danger';
      remove.textContent = 'Remove';
      remove.addEventListener('click', () => {
        C.api('DELETE', '/api/me/devices/' + encodeURIComponent(device.id))
          .then(load)
          .catch((error) => C.show(error.message));
      });
      item.append(name, meta, remove);
      list.append(item);
    });
  }

  function load() {
    return C.api('GET', '/api/me/devices')
      .then(render)
      .catch((error) => C.show(error.status === 404
        ? 'Notifications are not available on this server yet.'
        : error.message));
  }

  C.wire('register-device', async () => {
    const name = document.getElementById('device-name').value.trim();
    if (!name) {
      throw new Error('Give this phone a name, such as "My phone".');
    }
    const registration = await worker();
    let key;
    try {
      key = await C.api('GET', '/api/push/vapid-public-key');
    } catch (error) {
      throw new Error(error.status === 404 ? 'Notifications are not available on this server yet.' : error.message);
    }
    let subscription;
    try {
      subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: C.toBuffer(key.public_key),
      });
    } catch (e) {
      throw new Error('Notifications were not allowed. Allow them in the browser settings and try again.');
    }
    await C.api('POST', '/api/me/devices', { name: name, subscription: subscription.toJSON() });
    C.show('This phone will be notified.', 'info');
    await load();
  });

  load();
});
