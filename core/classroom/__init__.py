"""Class mode: a teacher leads, students follow and predict. The store keeps classes in this
process or, for several replicas, in Redis (open_store(url)); JoinGuard limits wrong codes."""

from core.classroom.codes import ALPHABET, CODE_LENGTH, normalise_code
from core.classroom.ratelimit import JoinGuard
from core.classroom.store import IDLE_SECONDS, ClassStore, Counts, Room, Subscription, open_store

# The app reads the store's URL from this environment variable (unset: in this process).
STORE_ENV = "VECTORLAB_CLASS_STORE"

__all__ = [
    "ALPHABET", "CODE_LENGTH", "IDLE_SECONDS", "STORE_ENV", "ClassStore", "Counts", "JoinGuard", "Room",
    "Subscription", "normalise_code", "open_store",
]
