"""OAuth sign-in for hosted servers: this server is the authorization server its MCP clients see,
and signs each user in through AceDataCloud, keeping the user's API credential on the server."""

from .acedata import CREDENTIAL_NAME, SignInFailed
from .client_documents import ClientDocuments, DocumentRefused
from .grants import ACCESS_PREFIX, REFRESH_PREFIX, TokenBook
from .provider import AceMediaAuthProvider
from .settings import OAuthSettings
from .signin import BearerCheck, SignIn

__all__ = [
    "ACCESS_PREFIX",
    "CREDENTIAL_NAME",
    "REFRESH_PREFIX",
    "AceMediaAuthProvider",
    "BearerCheck",
    "ClientDocuments",
    "DocumentRefused",
    "OAuthSettings",
    "SignIn",
    "SignInFailed",
    "TokenBook",
]
