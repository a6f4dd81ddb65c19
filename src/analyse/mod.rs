//! The `analyse` stage.
