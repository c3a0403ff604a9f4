from enum import StrEnum


class SelectiveSyncUpdateStatus(StrEnum):
    UNCHANGED = "UNCHANGED"
    UPDATED = "UPDATED"

    def __str__(self) -> str:
        return str(self.value)
