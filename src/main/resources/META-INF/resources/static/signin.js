'use strict';
// Sign-in: a discoverable passkey (no username) first, the password as the fallback.
document.addEventListener('DOMContentLoaded', () => {
  const C = Countersign;

  function signedIn(answer) {
    C.setCsrf(answer.csrf_token);
    location.assign('/app');
  }

  C.wire('passkey-sign-in', async () => {
    if (!window.PublicKeyCredential) {
      throw new Error('This browser does not support passkeys: use your password.');
    }
    const options = await C.api('POST', '/api/me/session/passkey-options', undefined, { signingIn: true });
    options.challenge = C.toBuffer(options.challenge);
    (options.allowCredentials || []).forEach((c) => { c.id = C.toBuffer(c.id); });
    let credential;
    try {
      credential = await navigator.credentials.get({ publicKey: options });
    } catch (e) {
      throw new Error('No passkey was used. Try again, or sign in with your password.');
    }
    const body = C.assertionJson(credential);
    signedIn(await C.api('POST', '/api/me/session/passkey', body, { signingIn: true }));
  });

  const form = document.getElementById('password-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const username = document.getElementById('username').value.trim();
    const password = document.getElementById('password').value;
    if (!username || !password) {
      C.show('Enter your username and your password.');
      return;
    }
    C.api('POST', '/api/me/session', { username: username, password: password }, { signingIn: true })
      .then(signedIn)
      .catch((error) => C.show(error.message));
  });
});
