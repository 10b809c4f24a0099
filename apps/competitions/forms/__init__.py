"""Forms of the competitions app, one module per part (`competitions`, `innovation`). The rules
live in `rules.py` and the services; a form types the input and shows the rules' messages."""
