//! Generated cohorts: see the module docs (placeholder until the algorithm lands).
