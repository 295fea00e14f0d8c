package dev.countersign.ciba;

/** Parameter names of CIBA Core 1.0 §7.1 and §10.1, and RFC 9396, in one place. */
public final class CibaParameters {
    public static final String SCOPE = "scope";
    public static final String CLIENT_NOTIFICATION_TOKEN = "client_notification_token";
    public static final String ACR_VALUES = "acr_values";
    public static final String LOGIN_HINT_TOKEN = "login_hint_token";
    public static final String ID_TOKEN_HINT = "id_token_hint";
    public static final String LOGIN_HINT = "login_hint";
    public static final String BINDING_MESSAGE = "binding_message";
    public static final String USER_CODE = "user_code";
    public static final String REQUESTED_EXPIRY = "requested_expiry";
    public static final String REQUEST = "request";
    public static final String AUTHORIZATION_DETAILS = "authorization_details";
    public static final String AUTH_REQ_ID = "auth_req_id";

    private CibaParameters() {}
}
