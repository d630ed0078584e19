"""The acting officer, as every service sees them."""

from __future__ import annotations

from dataclasses import dataclass

from compfund.permissions import Action, Role, allowed


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None
    login: str
    role: Role
    display_name: str
    province_code: str | None = None

    def may(self, action: Action) -> bool:
        return allowed(self.role, action)

    @property
    def scoped_province(self) -> str | None:
        """The one province a caseworker acts for; None for an officer of the whole fund."""
        return self.province_code if self.role is Role.CASEWORKER else None

    @property
    def name_and_login(self) -> str:
        """The officer as exports and prompts name them: "Sok Dara (sokdara)"."""
        return f"{self.display_name} ({self.login})"


BOOTSTRAP = Actor(user_id=None, login="(first setup)", role=Role.ADMIN, display_name="First setup")
"""Acts only where no officer exists yet: the first administrator on an empty database."""
