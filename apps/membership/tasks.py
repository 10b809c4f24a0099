"""Background work of the membership app."""

from django_tasks import task


@task()
def build_recent_tallies():
    """After a roster import (which deletes the member tallies it could change), count the
    recent years again in the background, so that the next dashboard opens at once."""
    from .indicators import build_recent_tallies as build

    build()
