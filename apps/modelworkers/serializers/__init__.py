"""API serializers of the model-worker app, one module per part (`registry`, `rounds`, `care`)."""
