"""Forms of the model-worker app, one module per part: `registry` (honour types, files,
awards), `rounds`, `care`."""
