'use strict';
// One request: a live countdown to its expiry, Approve, and Deny (one tap, reason optional).
document.addEventListener('DOMContentLoaded', () => {
  const C = Countersign;
  const card = document.getElementById('request');
  const id = card.dataset.requestId;
  const status = document.getElementById('status');
  const decision = document.getElementById('decision');
  const deadline = Date.now() + Number(card.dataset.secondsLeft) * 1000;
  let timer = null;

  function finish(state, text) {
    card.dataset.status = state;
    status.textContent = text;
    if (decision) {
      decision.hidden = true;
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

  async function decide(action, body) {
    try {
      await C.api('POST', '/api/me/requests/' + encodeURIComponent(id) + '/' + action, body);
    } catch (error) {
      if (error.status === 409 || error.status === 410 || error.status === 404) {
        finish(error.status === 410 ? 'expired' : 'decided', error.message);
        return;
      }
      throw error;
    }
    if (action === 'approve') {
      finish('approved', 'You approved this request. The agent can go ahead.');
    } else {
      finish('denied', 'You denied this request. The agent gets nothing.');
    }
  }

  if (card.dataset.status === 'pending') {
    timer = setInterval(tick, 250);
    tick();
    C.wire('approve', () => decide('approve'));
    C.wire('deny', () => {
      const reason = document.getElementById('reason').value.trim();
      return decide('deny', reason ? { reason: reason } : undefined);
    });
  }
});
