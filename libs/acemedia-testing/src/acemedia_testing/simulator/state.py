"""A simulator's state with the test harness in it: the engine's jobs and clock, plus faults, journal and sign-ins."""

from __future__ import annotations

from typing import Any

from acemedia import simulator as engine

from .faults import FaultPlan
from .journal import Journal
from .platform import Platform
from .signin import DEFAULT_USER, AuthServer


class SimulatorState(engine.SimulatorState):
    """The engine's state (every option of `acemedia.simulator.SimulatorState`) plus what tests drive:

    - `faults`: injected transport and gateway faults (faults.py);
    - `journal`: every upstream request and every callback (journal.py);
    - `auth` and `platform`: AceDataCloud's auth server and platform API (signin.py, platform.py), whose
      credentials are accepted as bearer tokens on top of `tokens`;
    - `oauth_client_id`: the only OAuth client its auth server signs users in to; None allows any.
    """

    def __init__(self, *, oauth_client_id: str | None = None, **options: Any) -> None:
        self.journal = Journal()
        super().__init__(callback_observer=self.journal.record_callback, **options)
        self.faults = FaultPlan(self.seed)
        self.auth = AuthServer(self.wall, client_id=oauth_client_id)
        self.platform = Platform(self.wall)

    def accepts(self, token: str | None) -> bool:
        if not token or self.platform.is_revoked(token):
            return False
        return super().accepts(token) or self.platform.issued(token)

    def credential_of(self, user: str = DEFAULT_USER) -> str | None:
        """The token of the newest unrevoked credential the platform API gave `user`; None if none."""
        credentials = self.platform.credentials(user)
        return credentials[0].token if credentials else None

    def revoke_credential(self, token: str) -> bool:
        """Make the upstream refuse an issued credential from now on; False when no credential has it."""
        return self.platform.revoke(token)

    def reset(self) -> None:
        """Forget jobs, journal, script, faults and sign-ins (the clock keeps its time)."""
        super().reset()
        self.journal.clear()
        self.faults.clear()
        self.auth.clear()
        self.platform.clear()
