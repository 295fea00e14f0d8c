'use strict';
// One request: a live countdown to its expiry, Approve, and Deny (one tap, reason optional).
// Number matching: Approve stays disabled until one of the numbers is picked and sends {number}.
// High risk: Approve asks for a passkey assertion over a challenge bound to what is shown.
document.addEventListener('DOMContentLoaded', () => {
  const C = Countersign;
  const card = document.getElementById('request');
  const id = card.dataset.requestId;
  const status = document.getElementById('status');
  const decision = document.getElementById('decision');
  const choices = document.getElementById('number-choices');
  const approveButton = document.getElementById('approve');
  const highRisk = card.dataset.highRisk === 'true';
  const numberMatching = card.dataset.numberMatching === 'true';
  const deadline = Date.now() + Number(card.dataset.secondsLeft) * 1000;
  const base = '/api/me/requests/' + encodeURIComponent(id);
  let picked = null;
  let timer = null;

  function finish(state, text) {
    card.dataset.status = state;
    status.textContent = text;
    if (decision) {
      decision.hidden = true;
    }
    if (choices) {
      choices.hidden = true;
    }
    if (timer) {
      clearInterval(timer);
    }
  }

  function tick() {
    const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    const countdown = document.getElementById('countdown');
    if (left === 0) {
      finish('expired', 'This request has expired: the agent gets nothing.');
    } else if (countdown) {
      countdown.textContent = Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0');
    }
  }

  async function assertion() {
    if (!window.PublicKeyCredential) {
      throw new Error('This browser does not support passkeys, which this high-risk request needs.');
    }
    const options = await C.api('POST', base + '/approval-options', undefined, { deciding: true });
    options.challenge = C.toBuffer(options.challenge);
    (options.allowCredentials || []).forEach((c) => { c.id = C.toBuffer(c.id); });
    let credential;
    try {
      credential = await navigator.credentials.get({ publicKey: options });
    } catch (e) {
      throw new Error('No passkey was used, so nothing was approved. Try again, or deny.');
    }
    return C.assertionJson(credential);
  }

  async function decide(action, body) {
    try {
      await C.api('POST', base + '/' + action, body, { deciding: true });
    } catch (error) {
      const detail = error.problem && typeof error.problem.detail === 'string' ? error.problem.detail : null;
      if (error.status === 403 && detail && detail.indexOf('denied') >= 0) {
        finish('denied', 'That was not the number the agent shows, so the request was denied. The agent gets nothing.');
        return;
      }
      if (error.status === 409 || error.status === 410 || error.status === 404) {
        finish(error.status === 410 ? 'expired' : 'decided', error.message);
        return;
      }
      if (error.status === 401 || error.status === 403) {
        throw new Error(detail || error.message);
      }
      throw error;
    }
    if (action === 'approve') {
      finish('approved', 'You approved this request. The agent can go ahead.');
    } else {
      finish('denied', 'You denied this request. The agent gets nothing.');
    }
  }

  async function approve() {
    const body = {};
    if (numberMatching) {
      if (picked === null) {
        throw new Error('Pick the number the agent shows first.');
      }
      body.number = picked;
    }
    if (highRisk) {
      body.assertion = await assertion();
    }
    return decide('approve', Object.keys(body).length ? body : undefined);
  }

  if (card.dataset.status === 'pending') {
    timer = setInterval(tick, 250);
    tick();
    if (choices) {
      choices.querySelectorAll('button.number').forEach((button) => {
        button.addEventListener('click', (event) => {
          event.preventDefault();
          picked = Number(button.dataset.number);
          choices.querySelectorAll('button.number').forEach((b) => {
            b.setAttribute('aria-pressed', b === button ? 'true' : 'false');
          });
          approveButton.disabled = false;
        });
      });
    }
    C.wire('approve', approve);
    C.wire('deny', () => {
      const reason = document.getElementById('reason').value.trim();
      return decide('deny', reason ? { reason: reason } : undefined);
    });
  }
});
