from enum import StrEnum


class RemoveWarehouseStatus(StrEnum):
    SUCCESS = "SUCCESS"

    def __str__(self) -> str:
        return str(self.value)
