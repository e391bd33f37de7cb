"""Language processing: spaCy pipelines for sentences and lemmas, language detection."""
