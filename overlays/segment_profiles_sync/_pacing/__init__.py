"""Pacing: small pure models (`_clock`, `_trip`, `_reset`, `_window`, `_share`, `_blind`) and
the coordinator that shares them between every request on one token (`_pacer`)."""

from ._clock import ClockOffset
from ._pacer import Pacer, Reservation, shared_pacer

__all__ = ["ClockOffset", "Pacer", "Reservation", "shared_pacer"]
