"""Item pipelines: validate, drop duplicates within a run, drop stories emitted before."""
