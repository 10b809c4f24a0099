"""API serializers of the competitions app, one module per part."""
