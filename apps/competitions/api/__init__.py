"""REST API of the competitions app, one module per part; each has `register_<part>(router)`.

GET/POST        /api/competitions/                       list (CompetitionFilter) / plan one
GET/PUT/PATCH   /api/competitions/{id}/                  read / edit
POST            /api/competitions/{id}/advance/          the next step ({"to": status})
GET/POST        /api/competitions/{id}/participations/   employers taking part
GET/POST        /api/competitions/{id}/awards/           awards (at the commendation)
GET/POST        /api/competitions/{id}/contests/         trades' contests
GET             /api/competition-participations/         employers taking part (ParticipationFilter)
GET             /api/competition-awards/                 awards (AwardFilter)
GET/POST        /api/competition-contests/{id}/contestants/   contestants
GET/POST        /api/competition-contests/{id}/results/       results (entered contestants only)
"""

import importlib

PARTS = ("competitions", "innovation")


def register(router):
    for part in PARTS:
        module = importlib.import_module(f"{__name__}.{part}")
        getattr(module, f"register_{part}")(router)
