"""NLP: spaCy (blank tokenizer, rules, span models). spaCy is imported lazily, never at module import."""
