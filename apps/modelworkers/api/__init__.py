"""REST API of the model-worker app, one module per part (`registry`, `rounds`, `care`)."""

from . import care, registry, rounds


def register(router):
    registry.register(router)
    rounds.register(router)
    care.register(router)
