//! Sentence boundaries in the plain text, shared by the extractors and the rules.
