"""Views of the competitions app, one module per part (`competitions`, `innovation`)."""
