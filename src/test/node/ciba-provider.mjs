// An independent CIBA OpenID Provider for the runtime's interop tests: the npm oidc-provider
// package (a certified OpenID Provider that no one in this project wrote) with its CIBA feature on,
// poll mode (or ping mode, below), one client authenticating with client_secret_basic and one account.
//
// Usage: node ciba-provider.mjs <port> <client_id> <client_secret> <username> [<notification_endpoint>]
//
// With a notification endpoint the client is registered in ping mode (CIBA Core 1.0 §10.2): the
// provider POSTs {"auth_req_id"} with the request's client_notification_token to it as soon as the
// user decides. oidc-provider requires that endpoint to be https (client metadata validation, no
// option to relax it), so the runtime under test serves https with a self-signed certificate that
// this process trusts through NODE_EXTRA_CA_CERTS. oidc-provider also refuses to connect to
// special-use addresses (loopback among them) as an SSRF guard; the peer is loopback-only by
// design, so in ping mode its outgoing requests use plain fetch without that guard.
//
// Besides the provider it answers a test-only control API on the same port, standing in for the
// user's authentication device:
//   GET  /control/requests            the requests the device was asked about, newest last
//   POST /control/approve  {"auth_req_id"}   the user approves (a Grant, then backchannelResult)
//   POST /control/deny     {"auth_req_id"}   the user says no (access_denied)
//   GET  /control/ready               200 once listening
// Loopback only; never a production setup (in-memory store, development signing keys).
import http from 'node:http';
import Provider, { errors } from 'oidc-provider';

const [port, clientId, clientSecret, username, notificationEndpoint] = process.argv.slice(2);
if (!port || !clientId || !clientSecret || !username) {
  console.error('usage: node ciba-provider.mjs <port> <client_id> <client_secret> <username> [<notification_endpoint>]');
  process.exit(2);
}

const issuer = `http://127.0.0.1:${port}`;
const resource = `${issuer}/payments`;
const deviceRequests = [];

const deliveryMode = notificationEndpoint ? 'ping' : 'poll';
const loopbackFetch = (url, options) => {
  delete options.dispatcher; // oidc-provider's special-use address guard; see above
  return globalThis.fetch(url, options);
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    grant_types: ['urn:openid:params:grant-type:ciba'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
    backchannel_token_delivery_mode: deliveryMode,
    ...(notificationEndpoint ? { backchannel_client_notification_endpoint: notificationEndpoint } : {}),
  }],
  ...(notificationEndpoint ? { fetch: loopbackFetch } : {}),
  async findAccount(ctx, sub) {
    if (sub !== username) return undefined;
    return { accountId: sub, async claims() { return { sub }; } };
  },
  features: {
    devInteractions: { enabled: false },
    ciba: {
      enabled: true,
      deliveryModes: ['poll', 'ping'],
      async processLoginHint(ctx, loginHint) {
        if (loginHint !== username) throw new errors.UnknownUserId('the login_hint names no user here');
        return loginHint;
      },
      async verifyUserCode() {},
      async validateRequestContext() {},
      async triggerAuthenticationDevice(ctx, request) {
        recordDeviceRequest(request);
      },
    },
    // Access tokens as JWTs signed by this provider, for the payments resource, so a test can
    // check them against this provider's JWKS.
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'payments:write', audience: resource, accessTokenFormat: 'jwt' }),
    },
  },
});

function recordDeviceRequest(request) {
  deviceRequests.push({
    auth_req_id: request.jti,
    login_hint: username,
    scope: request.scope,
    binding_message: request.params.binding_message ?? null,
  });
}

async function decide(authReqId, approve) {
  const request = await provider.BackchannelAuthenticationRequest.find(authReqId);
  if (!request) return false;
  if (approve) {
    const grant = new provider.Grant({ clientId: request.clientId, accountId: request.accountId });
    grant.addOIDCScope('openid');
    grant.addResourceScope(resource, 'payments:write');
    await grant.save();
    await provider.backchannelResult(request, grant);
  } else {
    await provider.backchannelResult(request, new errors.AccessDenied('the user said no'));
  }
  return true;
}

async function readJson(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10000) throw new Error('too large');
  }
  return JSON.parse(body || '{}');
}

async function control(req, res) {
  const send = (status, value) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  if (req.method === 'GET' && req.url === '/control/ready') return send(200, { ready: true });
  if (req.method === 'GET' && req.url === '/control/requests') return send(200, deviceRequests);
  const decision = { '/control/approve': true, '/control/deny': false }[req.url];
  if (req.method === 'POST' && decision !== undefined) {
    try {
      const { auth_req_id: id } = await readJson(req);
      return (await decide(id, decision)) ? send(204, null) : send(404, { error: 'unknown auth_req_id' });
    } catch (e) {
      return send(400, { error: String(e.message) });
    }
  }
  return send(404, { error: 'not found' });
}

const callback = provider.callback();
http.createServer((req, res) => (req.url.startsWith('/control/') ? control(req, res) : callback(req, res)))
  .listen(Number(port), '127.0.0.1', () => console.log(`ciba-provider listening on ${issuer}`));

provider.on('server_error', (ctx, error) => console.error('server_error', error));
