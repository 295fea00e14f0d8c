'use strict';
// Passkeys: create one on this device (a discoverable credential with user verification), rename, remove.
document.addEventListener('DOMContentLoaded', () => {
  const C = Countersign;

  C.wire('add-passkey', async () => {
    const name = document.getElementById('passkey-name').value.trim();
    if (!name) {
      throw new Error('Give the passkey a name, such as "My phone".');
    }
    if (!window.PublicKeyCredential) {
      throw new Error('This browser does not support passkeys.');
    }
    const options = await C.api('POST', '/api/me/passkeys/registration-options');
    options.challenge = C.toBuffer(options.challenge);
    options.user.id = C.toBuffer(options.user.id);
    (options.excludeCredentials || []).forEach((c) => { c.id = C.toBuffer(c.id); });
    let credential;
    try {
      credential = await navigator.credentials.create({ publicKey: options });
    } catch (e) {
      throw new Error('The passkey was not created. Please try again.');
    }
    await C.api('POST', '/api/me/passkeys', {
      name: name,
      credential: {
        id: credential.id,
        rawId: C.fromBuffer(credential.rawId),
        type: credential.type,
        response: {
          attestationObject: C.fromBuffer(credential.response.attestationObject),
          clientDataJSON: C.fromBuffer(credential.response.clientDataJSON),
        },
      },
    });
    location.assign('/app/passkeys?added=1');
  });

  document.querySelectorAll('button.rename').forEach((button) => {
    button.addEventListener('click', () => {
      const id = button.dataset.passkeyId;
      const name = document.getElementById('name-' + id).value.trim();
      C.api('PATCH', '/api/me/passkeys/' + encodeURIComponent(id), { name: name })
        .then(() => C.show('Renamed.', 'info'))
        .catch((error) => C.show(error.message));
    });
  });

  document.querySelectorAll('button.remove').forEach((button) => {
    button.addEventListener('click', () => {
      C.api('DELETE', '/api/me/passkeys/' + encodeURIComponent(button.dataset.passkeyId))
        .then(() => location.assign('/app/passkeys?removed=1'))
        .catch((error) => C.show(error.message));
    });
  });

  const params = new URLSearchParams(location.search);
  if (params.get('added')) {
    C.show('Your passkey is ready. Next time, sign in with it.', 'info');
  } else if (params.get('removed')) {
    C.show('The passkey was removed.', 'info');
  }
});
